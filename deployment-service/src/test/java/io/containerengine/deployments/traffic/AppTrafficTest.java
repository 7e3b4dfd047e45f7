package io.containerengine.deployments.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class AppTrafficTest {

    private static final List<Long> BOUNDS = List.of(5L, 10L, 25L, 50L, 100L, 250L, 500L, 1000L, 2500L, 5000L, 10000L);

    @Test
    void reportsOnTheStoredBoundsAreTakenAsTheyAre() {
        List<Long> counts = List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L);
        assertThat(AppTraffic.rebin(BOUNDS, counts)).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
    }

    @Test
    void otherBoundsAreRebinnedUpwardsSoThatUpperBoundsStayTrue() {
        // bounds 1, 7, 60000 ms and above: 1 -> the 5 ms bucket, 7 -> 10 ms, 60000 -> above 10 s, above -> above
        assertThat(AppTraffic.rebin(List.of(1L, 7L, 60000L), List.of(2L, 3L, 4L, 5L)))
                .containsExactly(2, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9);
    }

    @Test
    void aHistogramWithoutItsOpenBucketIsRejected() {
        assertThatThrownBy(() -> AppTraffic.rebin(BOUNDS, List.of(1L, 2L)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void percentilesAreTheUpperBoundOfTheBucketReachingTheRank() {
        long[] buckets = new long[AppTraffic.BUCKETS];
        buckets[0] = 50;  // <= 5 ms
        buckets[3] = 45;  // <= 50 ms
        buckets[6] = 4;   // <= 500 ms
        buckets[11] = 1;  // above 10 s
        assertThat(AppTraffic.percentile(buckets, 50)).isEqualTo(5);   // rank 50: the first bucket holds it
        assertThat(AppTraffic.percentile(buckets, 51)).isEqualTo(50);  // rank 51
        assertThat(AppTraffic.percentile(buckets, 95)).isEqualTo(50);  // rank 95
        assertThat(AppTraffic.percentile(buckets, 99)).isEqualTo(500); // rank 99
        assertThat(AppTraffic.percentile(buckets, 100)).isEqualTo(10000); // open bucket: the largest bound
        assertThat(AppTraffic.percentile(new long[AppTraffic.BUCKETS], 50)).isNull();
    }
}
