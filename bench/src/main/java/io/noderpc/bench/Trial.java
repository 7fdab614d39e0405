package io.noderpc.bench;

/** One measurement of a round, taken once per competitor per round. */
public interface Trial {

    /** For progress output, e.g. {@code port_please2 x32}. */
    String label();

    /** Measures {@code competitor} once and records one or more samples. */
    void run(String competitor, Recorder recorder) throws Exception;
}
