-- Generated from flink-jobs/routing-rules.yaml by `flink-jobs/route generate`: do not edit, regenerate.
-- Routing logic: one INSERT for every JSON rule (one sink of all their topics), one per Avro rule, all in one STATEMENT SET (one job, one read of the source).

-- Compute the view once for all INSERTs instead of once per INSERT.
SET 'table.optimizer.reuse-optimize-block-with-digest-enabled' = 'true';

-- Each field the rules test, extracted once per record.
CREATE TEMPORARY VIEW `routable_events` AS
SELECT
  `event_key`,
  `event`,
  `headers`,
  `source_partition`,
  `source_offset`,
  CASE WHEN `event` IS NOT NULL AND `event` IS JSON OBJECT AND JSON_VALUE(`event`, '$.eventHeader.eventType') IS NOT NULL
    THEN TRUE ELSE FALSE END AS `well_formed`,
  JSON_VALUE(`event`, '$.eventHeader.eventType') AS `f_eventHeader_eventType`,
  JSON_VALUE(`event`, '$.entities[0].dealerId') AS `f_entities_0_dealerId`,
  JSON_VALUE(`event`, '$.entities[0].loanAmount') AS `f_entities_0_loanAmount`
FROM `raw-business-events`;

EXECUTE STATEMENT SET
BEGIN

-- JSON rules and malformed records: one output row per matching rule, written to the rule's topic.
INSERT INTO `routed_records`
SELECT `event_key`, `event`, MAP_UNION(`headers`, `route`.`added_headers`), `route`.`topic`
FROM `routable_events`
CROSS JOIN UNNEST(ARRAY[
  -- rule car-created
  ROW(CASE WHEN `well_formed` AND (`f_eventHeader_eventType` = 'CarCreated') THEN CAST('filtered-car-created-events' AS STRING) END, MAP['routingRuleId', ENCODE('car-created', 'UTF-8'), 'routingRuleName', ENCODE('Car created events', 'UTF-8')]),
  -- rule loan-created
  ROW(CASE WHEN `well_formed` AND (`f_eventHeader_eventType` = 'LoanCreated') THEN CAST('filtered-loan-created-events' AS STRING) END, MAP['routingRuleId', ENCODE('loan-created', 'UTF-8'), 'routingRuleName', ENCODE('Loan created events', 'UTF-8')]),
  -- rule loan-payment-submitted
  ROW(CASE WHEN `well_formed` AND (`f_eventHeader_eventType` = 'LoanPaymentSubmitted') THEN CAST('filtered-loan-payment-submitted-events' AS STRING) END, MAP['routingRuleId', ENCODE('loan-payment-submitted', 'UTF-8'), 'routingRuleName', ENCODE('Loan payment submitted events', 'UTF-8')]),
  -- rule car-service-done
  ROW(CASE WHEN `well_formed` AND (`f_eventHeader_eventType` = 'CarServiceDone') THEN CAST('filtered-service-events' AS STRING) END, MAP['routingRuleId', ENCODE('car-service-done', 'UTF-8'), 'routingRuleName', ENCODE('Car service done events', 'UTF-8')]),
  -- rule dealer-001-service
  ROW(CASE WHEN `well_formed` AND (
    (`f_eventHeader_eventType` = 'CarServiceDone')
    AND (`f_entities_0_dealerId` = 'DEALER-001')
  ) THEN CAST('filtered-dealer-001-service-events' AS STRING) END, MAP['routingRuleId', ENCODE('dealer-001-service', 'UTF-8'), 'routingRuleName', ENCODE('Service events of dealer DEALER-001', 'UTF-8')]),
  -- rule large-loans
  ROW(CASE WHEN `well_formed` AND (
    (`f_eventHeader_eventType` = 'LoanCreated')
    AND (CASE WHEN REGEXP(`f_entities_0_loanAmount`, '^-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?$') THEN CAST(`f_entities_0_loanAmount` AS DOUBLE) END > CAST(100000.0 AS DOUBLE))
  ) THEN CAST('filtered-large-loan-events' AS STRING) END, MAP['routingRuleId', ENCODE('large-loans', 'UTF-8'), 'routingRuleName', ENCODE('Loans above 100000', 'UTF-8')]),
  -- records that are not a JSON event: never dropped
  ROW(CASE WHEN NOT `well_formed` THEN CAST('raw-business-events-dlq' AS STRING) END, MAP['routingError', ENCODE('value is not a JSON object with eventHeader.eventType', 'UTF-8'), 'sourcePartition', ENCODE(CAST(`source_partition` AS STRING), 'UTF-8'), 'sourceOffset', ENCODE(CAST(`source_offset` AS STRING), 'UTF-8')])
]) AS `route` (`topic`, `added_headers`)
WHERE `route`.`topic` IS NOT NULL;

END;
