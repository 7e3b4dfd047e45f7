package io.containerengine.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.containerengine.common.net.Cidr;

class TrustedProxiesTest {

    static InetAddress ip(String literal) {
        return Cidr.literal(literal);
    }

    @Test
    void matchesAddressesInsideTheBlocksOnly() {
        TrustedProxies proxies = TrustedProxies.of(List.of("10.0.0.0/8", "192.168.1.0/25", "fd00::/8", "172.16.0.7"));

        assertThat(proxies.trusts(ip("10.255.1.2"))).isTrue();
        assertThat(proxies.trusts(ip("11.0.0.1"))).isFalse();
        assertThat(proxies.trusts(ip("192.168.1.127"))).isTrue();
        assertThat(proxies.trusts(ip("192.168.1.128"))).isFalse();
        assertThat(proxies.trusts(ip("fd12::1"))).isTrue();
        assertThat(proxies.trusts(ip("fe80::1"))).isFalse();
        assertThat(proxies.trusts(ip("172.16.0.7"))).isTrue();
        assertThat(proxies.trusts(ip("172.16.0.8"))).isFalse();
    }

    @Test
    void theClientIsTheRightMostUntrustedHopSoAForgedLeftEntryIsIgnored() {
        TrustedProxies proxies = TrustedProxies.of(List.of("10.0.0.0/8"));

        // the client wrote 1.2.3.4; the ingress (10.0.0.5) appended the address it saw, 203.0.113.9
        assertThat(proxies.client(ip("10.0.0.5"), List.of("1.2.3.4, 203.0.113.9"))).isEqualTo("203.0.113.9");
        // two proxies of ours in a row
        assertThat(proxies.client(ip("10.0.0.5"), List.of("203.0.113.9, 10.1.1.1"))).isEqualTo("203.0.113.9");
        // repeated headers count as one list
        assertThat(proxies.client(ip("10.0.0.5"), List.of("1.2.3.4", "203.0.113.9"))).isEqualTo("203.0.113.9");
    }

    @Test
    void anUntrustedPeerIsTheClientWhateverItsHeadersSay() {
        TrustedProxies proxies = TrustedProxies.of(List.of("10.0.0.0/8"));

        assertThat(proxies.client(ip("203.0.113.9"), List.of("10.0.0.1"))).isEqualTo("203.0.113.9");
        assertThat(TrustedProxies.none().client(ip("10.0.0.5"), List.of("1.2.3.4"))).isEqualTo("10.0.0.5");
    }

    @Test
    void aMalformedEntryEndsTheWalkAtTheLastReadableHop() {
        TrustedProxies proxies = TrustedProxies.of(List.of("10.0.0.0/8"));

        assertThat(proxies.client(ip("10.0.0.5"), List.of("evil.example.com"))).isEqualTo("10.0.0.5");
        assertThat(proxies.client(ip("10.0.0.5"), List.of("unknown, 10.0.0.9"))).isEqualTo("10.0.0.9");
        assertThat(proxies.client(ip("10.0.0.5"), null)).isEqualTo("10.0.0.5");
    }

    @Test
    void neverLooksANameUp() {
        assertThat(Cidr.literal("localhost")).isNull();
        assertThat(Cidr.literal("[::1]")).isEqualTo(ip("::1"));
        assertThat(Cidr.literal("1.2.3.4:80")).isNull();
    }

    @Test
    void refusesWhatIsNotABlockNamingIt() {
        assertThatThrownBy(() -> TrustedProxies.of(List.of("10.0.0.0/33"))).hasMessageContaining("10.0.0.0/33");
        assertThatThrownBy(() -> TrustedProxies.of(List.of("ingress.local"))).hasMessageContaining("ingress.local");
        assertThat(TrustedProxies.of(List.of(" ", "")).isEmpty()).isTrue();
    }
}
