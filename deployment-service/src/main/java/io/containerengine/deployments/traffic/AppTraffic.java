package io.containerengine.deployments.traffic;

import java.util.List;

/**
 * The latency histogram as stored: fixed bucket bounds, the same as the gateway's. Reports that come with other
 * bounds are re-binned: each of their buckets is added to the first stored bucket whose bound is at least its
 * own (so "upper bound" stays true), the open-ended one to the open-ended one.
 */
public final class AppTraffic {

    /** Inclusive upper bounds (ms) of the finite buckets; one more bucket holds everything above. */
    public static final long[] BOUNDS_MS = {5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000};
    public static final int BUCKETS = BOUNDS_MS.length + 1;

    private AppTraffic() {
    }

    /** The counts of a report on the stored bounds. */
    static long[] rebin(List<Long> bounds, List<Long> counts) {
        if (bounds == null || counts == null || counts.size() != bounds.size() + 1) {
            throw new IllegalArgumentException("latency_bucket_counts must have one entry more than the bounds");
        }
        long[] out = new long[BUCKETS];
        for (int j = 0; j < counts.size(); j++) {
            long n = counts.get(j) == null ? 0 : counts.get(j);
            if (n < 0) {
                throw new IllegalArgumentException("negative latency bucket count");
            }
            int target = BUCKETS - 1;
            if (j < bounds.size()) {
                long bound = bounds.get(j);
                for (int i = 0; i < BOUNDS_MS.length; i++) {
                    if (BOUNDS_MS[i] >= bound) {
                        target = i;
                        break;
                    }
                }
            }
            out[target] += n;
        }
        return out;
    }

    /**
     * The latency at percentile {@code p} (0-100] of a histogram: the upper bound of the bucket in which the
     * cumulative count first reaches rank ceil(p/100 * count). When that is the open-ended bucket, the largest
     * finite bound (the latency is at least that). Null without requests.
     */
    static Long percentile(long[] buckets, double p) {
        long count = 0;
        for (long n : buckets) {
            count += n;
        }
        if (count == 0) {
            return null;
        }
        long rank = Math.max(1, (long) Math.ceil(p / 100.0 * count));
        long cumulative = 0;
        for (int i = 0; i < buckets.length; i++) {
            cumulative += buckets[i];
            if (cumulative >= rank) {
                return BOUNDS_MS[Math.min(i, BOUNDS_MS.length - 1)];
            }
        }
        return BOUNDS_MS[BOUNDS_MS.length - 1];
    }
}
