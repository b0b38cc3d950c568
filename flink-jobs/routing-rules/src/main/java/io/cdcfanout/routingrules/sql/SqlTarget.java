package io.cdcfanout.routingrules.sql;

/** Where the generated SQL runs. */
public enum SqlTarget {
    /** Apache Flink with the Kafka SQL connector: the local stack, {@code flink run}, any cluster. */
    FLINK("flink", "MAP<STRING, BYTES>"),
    /** Confluent Cloud for Apache Flink: tables are topics, no connector options. */
    CONFLUENT_CLOUD("confluent-cloud", "MAP<BYTES, BYTES>");

    private final String dirName;
    private final String headersType;

    SqlTarget(String dirName, String headersType) {
        this.dirName = dirName;
        this.headersType = headersType;
    }

    /** Directory of this target's files under {@code generated/}, also its CLI name. */
    public String dirName() {
        return dirName;
    }

    /** SQL type of the Kafka {@code headers} metadata column. */
    String headersType() {
        return headersType;
    }

    /** A header name as a key of the headers map. */
    String headerKey(String name) {
        String literal = SqlText.literal(name);
        return this == FLINK ? literal : "ENCODE(" + literal + ", 'UTF-8')";
    }
}
