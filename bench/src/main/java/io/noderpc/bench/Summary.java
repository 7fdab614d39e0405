package io.noderpc.bench;

import java.util.Arrays;

/**
 * Median, minimum and maximum of a figure's samples. The median of an even count is the mean of
 * the two middle samples. Rounds are few (3 to 5), so these, not a mean and a deviation, are what
 * the reports give: the median resists one disturbed round, min–max shows the spread honestly.
 */
public record Summary(int count, double median, double min, double max) {

    /**
     * @throws IllegalArgumentException if there are no samples or one is NaN
     */
    public static Summary of(double... samples) {
        if (samples.length == 0) {
            throw new IllegalArgumentException("no samples to summarize");
        }
        double[] sorted = samples.clone();
        for (double s : sorted) {
            if (Double.isNaN(s)) {
                throw new IllegalArgumentException("a sample is NaN: " + Arrays.toString(samples));
            }
        }
        Arrays.sort(sorted);
        int n = sorted.length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        return new Summary(n, median, sorted[0], sorted[n - 1]);
    }
}
