package io.containerengine.provisioner.runtime.local;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kubernetes resource quantities as the Docker API wants them: CPU ({@code "100m"}, {@code "0.5"}, {@code "2"})
 * as NanoCpus, memory ({@code "128Mi"}, {@code "1G"}, {@code "134217728"}, {@code "128e6"}) as bytes.
 */
public final class Quantities {

    private static final Pattern QUANTITY = Pattern.compile("^([+]?[0-9]*\\.?[0-9]+)(?:[eE]([+-]?[0-9]+)|([a-zA-Z]*))$");
    private static final BigDecimal NANOS_PER_CORE = BigDecimal.valueOf(1_000_000_000L);
    private static final Map<String, BigDecimal> SUFFIXES = Map.ofEntries(
            Map.entry("", BigDecimal.ONE),
            Map.entry("m", new BigDecimal("0.001")),
            Map.entry("k", BigDecimal.TEN.pow(3)),
            Map.entry("M", BigDecimal.TEN.pow(6)),
            Map.entry("G", BigDecimal.TEN.pow(9)),
            Map.entry("T", BigDecimal.TEN.pow(12)),
            Map.entry("P", BigDecimal.TEN.pow(15)),
            Map.entry("E", BigDecimal.TEN.pow(18)),
            Map.entry("Ki", BigDecimal.valueOf(2).pow(10)),
            Map.entry("Mi", BigDecimal.valueOf(2).pow(20)),
            Map.entry("Gi", BigDecimal.valueOf(2).pow(30)),
            Map.entry("Ti", BigDecimal.valueOf(2).pow(40)),
            Map.entry("Pi", BigDecimal.valueOf(2).pow(50)),
            Map.entry("Ei", BigDecimal.valueOf(2).pow(60)));

    private Quantities() {
    }

    /** {@code "100m"} → 100 000 000 (0.1 core); null or blank → null (no limit). */
    public static Long cpuToNanoCpus(String cpu) {
        BigDecimal cores = parse(cpu, "cpu");
        if (cores == null) {
            return null;
        }
        long nanos = cores.multiply(NANOS_PER_CORE).setScale(0, RoundingMode.CEILING).longValueExact();
        if (nanos <= 0) {
            throw new IllegalArgumentException("cpu must be positive, got " + cpu);
        }
        return nanos;
    }

    /** {@code "128Mi"} → 134 217 728; null or blank → null (no limit). */
    public static Long memoryToBytes(String memory) {
        BigDecimal bytes = parse(memory, "memory");
        if (bytes == null) {
            return null;
        }
        long value = bytes.setScale(0, RoundingMode.CEILING).longValueExact();
        if (value <= 0) {
            throw new IllegalArgumentException("memory must be positive, got " + memory);
        }
        return value;
    }

    private static BigDecimal parse(String quantity, String what) {
        if (quantity == null || quantity.isBlank()) {
            return null;
        }
        Matcher m = QUANTITY.matcher(quantity.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("invalid " + what + " quantity: " + quantity);
        }
        BigDecimal number = new BigDecimal(m.group(1));
        if (m.group(2) != null) {
            return number.scaleByPowerOfTen(Integer.parseInt(m.group(2)));
        }
        String suffix = m.group(3);
        BigDecimal factor = SUFFIXES.get(suffix);
        if (factor == null) {
            throw new IllegalArgumentException("invalid " + what + " quantity: " + quantity);
        }
        return number.multiply(factor);
    }
}
