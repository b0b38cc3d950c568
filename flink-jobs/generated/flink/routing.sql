-- Generated from flink-jobs/routing-rules.yaml by `flink-jobs/route generate`: do not edit, regenerate.
-- Routing logic: one INSERT for every JSON rule (one sink of all their topics), one per Avro rule, all in one STATEMENT SET (one job, one read of the source).

-- JSON rules: evaluated by a function of the routing job jar, all of them on one parse of each record.
CREATE TEMPORARY SYSTEM FUNCTION IF NOT EXISTS `ROUTE_EVENT` AS 'io.cdcfanout.routingjob.route.RouteEventFunction' LANGUAGE JAVA;

EXECUTE STATEMENT SET
BEGIN

-- JSON rules and malformed records: one output row per matching rule, written to the rule's topic.
INSERT INTO `routed_records`
SELECT
  `event_key`,
  `event`,
  MAP_UNION(`headers`, CASE WHEN `route`.`error` IS NULL
    THEN MAP['routingRuleId', ENCODE(`route`.`rule_id`, 'UTF-8'), 'routingRuleName', ENCODE(`route`.`rule_name`, 'UTF-8')]
    ELSE MAP['routingError', ENCODE(`route`.`error`, 'UTF-8'), 'sourcePartition', ENCODE(CAST(`source_partition` AS STRING), 'UTF-8'), 'sourceOffset', ENCODE(CAST(`source_offset` AS STRING), 'UTF-8')] END),
  COALESCE(`route`.`topic`, 'raw-business-events-dlq')
FROM `raw-business-events`
CROSS JOIN LATERAL TABLE(ROUTE_EVENT(`event`, DECODE(`headers`['__op'], 'UTF-8'), ARRAY[
  -- rule car-created
  '{"id":"car-created","name":"Car created events","outputTopic":"filtered-car-created-events","conditions":[{"field":"eventType","operator":"equals","value":"CarCreated"}]}',
  -- rule loan-created
  '{"id":"loan-created","name":"Loan created events","outputTopic":"filtered-loan-created-events","conditions":[{"field":"eventType","operator":"equals","value":"LoanCreated"}]}',
  -- rule loan-payment-submitted
  '{"id":"loan-payment-submitted","name":"Loan payment submitted events","outputTopic":"filtered-loan-payment-submitted-events","conditions":[{"field":"eventType","operator":"equals","value":"LoanPaymentSubmitted"}]}',
  -- rule car-service-done
  '{"id":"car-service-done","name":"Car service done events","outputTopic":"filtered-service-events","conditions":[{"field":"eventType","operator":"equals","value":"CarServiceDone"}]}',
  -- rule dealer-001-service
  '{"id":"dealer-001-service","name":"Service events of dealer DEALER-001","outputTopic":"filtered-dealer-001-service-events","conditions":[{"field":"eventType","operator":"equals","value":"CarServiceDone"},{"field":"entity.dealerId","operator":"equals","value":"DEALER-001"}]}',
  -- rule large-loans
  '{"id":"large-loans","name":"Loans above 100000","outputTopic":"filtered-large-loan-events","conditions":[{"field":"eventType","operator":"equals","value":"LoanCreated"},{"field":"entity.loanAmount","operator":"greaterThan","valueType":"number","value":100000.0}]}'
])) AS `route` (`topic`, `rule_id`, `rule_name`, `error`);

END;
