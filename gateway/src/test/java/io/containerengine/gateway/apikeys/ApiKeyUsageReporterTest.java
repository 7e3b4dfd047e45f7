package io.containerengine.gateway.apikeys;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import reactor.core.publisher.Mono;

class ApiKeyUsageReporterTest {

    @Test
    void reportsTheLatestUseOfEachKeyInBatchesOfAThousand() {
        List<List<ApiKeyServiceClient.Usage>> reports = new CopyOnWriteArrayList<>();
        ApiKeyUsageReporter reporter = new ApiKeyUsageReporter(batch -> {
            reports.add(List.copyOf(batch));
            return Mono.empty();
        }, Duration.ofSeconds(30));
        UUID busy = UUID.randomUUID();
        reporter.record(busy, 1_000);
        reporter.record(busy, 5_000);
        for (int i = 0; i < 1500; i++) {
            reporter.record(UUID.randomUUID(), 2_000);
        }

        reporter.flush().block();

        assertThat(reports).hasSize(2);
        assertThat(reports.get(0)).hasSize(1000);
        assertThat(reports.get(1)).hasSize(501);
        assertThat(reports.stream().flatMap(List::stream).filter(u -> u.keyId().equals(busy)).findFirst().get()
                .lastUsed().toEpochMilli()).isEqualTo(5_000);

        reporter.flush().block();
        assertThat(reports).hasSize(2); // nothing new, nothing sent
    }

    @Test
    void keepsAFailedReportForTheNextRound() {
        AtomicBoolean fail = new AtomicBoolean(true);
        List<ApiKeyServiceClient.Usage> sent = new CopyOnWriteArrayList<>();
        ApiKeyUsageReporter reporter = new ApiKeyUsageReporter(batch -> {
            if (fail.get()) {
                return Mono.error(new IllegalStateException("down"));
            }
            sent.addAll(batch);
            return Mono.empty();
        }, Duration.ofSeconds(30));
        UUID key = UUID.randomUUID();
        reporter.record(key, 1_000);

        reporter.flush().block();
        fail.set(false);
        reporter.flush().block();

        assertThat(sent).extracting(ApiKeyServiceClient.Usage::keyId).containsExactly(key);
    }
}
