package io.noderpc.bench;

import java.util.List;

/**
 * The samples of one metric for one competitor, one per round (or several per round for short
 * events such as a start), and the operations that failed while they were taken.
 */
public record Figure(Metric metric, String competitor, List<Double> samples, long errors) {

    public Figure {
        samples = List.copyOf(samples);
    }

    public Summary summary() {
        return Summary.of(samples.stream().mapToDouble(Double::doubleValue).toArray());
    }
}
