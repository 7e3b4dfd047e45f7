package io.containerengine.notifications.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class SsrfGuardTest {

    /** Fixed answers instead of DNS: the guard's decisions, not the network, are under test. */
    private static SsrfGuard.HostResolver fixed(Map<String, String> answers) {
        return host -> {
            String answer = answers.get(host);
            if (answer == null) {
                return InetAddress.getAllByName(host); // IP literals only in these tests
            }
            if (answer.isEmpty()) {
                throw new UnknownHostException(host);
            }
            String[] ips = answer.split(",");
            InetAddress[] out = new InetAddress[ips.length];
            for (int i = 0; i < ips.length; i++) {
                out[i] = InetAddress.getByAddress(host, InetAddress.getByName(ips[i]).getAddress());
            }
            return out;
        };
    }

    private final SsrfGuard strict = new SsrfGuard(List.of(), fixed(Map.of(
            "public.example", "93.184.216.34,2606:2800:220:1:248:1893:25c8:1946",
            "mixed.example", "93.184.216.34,10.0.0.5",
            "metadata.example", "169.254.169.254",
            "gone.example", "")));

    @Test
    void publicAddressesAreAccepted() {
        assertThatCode(() -> strict.check("https://public.example/hooks")).doesNotThrowAnyException();
        assertThatCode(() -> strict.check("http://93.184.216.34:8080/x")).doesNotThrowAnyException();
        assertThatCode(() -> strict.check("http://[2606:4700::1111]/x")).doesNotThrowAnyException();
    }

    @Test
    void loopbackPrivateLinkLocalCgnatMulticastAndMetadataAreRefused() {
        for (String ip : List.of("127.0.0.1", "127.9.9.9", "0.0.0.0", "10.0.0.1", "172.16.0.1", "172.31.255.255",
                "192.168.0.1", "100.64.0.1", "100.127.255.254", "169.254.169.254", "169.254.1.1", "224.0.0.251",
                "239.1.1.1", "255.255.255.255", "198.18.0.1", "192.0.2.1",
                "[::1]", "[::]", "[fe80::1]", "[fc00::1]", "[fd00:ec2::254]", "[ff02::1]", "[::ffff:127.0.0.1]",
                "[::ffff:10.0.0.1]", "[64:ff9b::a9fe:a9fe]", "[2002:7f00:1::1]")) {
            assertThatThrownBy(() -> strict.check("http://" + ip + "/x")).as(ip)
                    .isInstanceOf(SsrfGuard.RefusedException.class)
                    .hasMessageContaining("non-public address");
        }
    }

    @Test
    void everyResolvedAddressMustBePublic() {
        assertThatThrownBy(() -> strict.check("http://mixed.example/")).isInstanceOf(SsrfGuard.RefusedException.class);
        assertThatThrownBy(() -> strict.check("http://metadata.example/"))
                .isInstanceOf(SsrfGuard.RefusedException.class);
        assertThatThrownBy(() -> strict.check("http://gone.example/")).hasMessageContaining("cannot be resolved");
    }

    @Test
    void onlyHttpAndHttpsWithoutCredentialsAreAccepted() {
        for (String url : List.of("ftp://public.example/", "file:///etc/passwd", "gopher://public.example/",
                "public.example/x", "http:///nohost", "http://u:p@public.example/")) {
            assertThatThrownBy(() -> strict.check(url)).as(url).isInstanceOf(SsrfGuard.RefusedException.class);
        }
    }

    @Test
    void theAllowListAdmitsNamedHostsAndNetworksButNeverMetadata() {
        SsrfGuard dev = new SsrfGuard(List.of("localhost", "10.0.0.0/8", " ::1 ", "169.254.0.0/16"),
                fixed(Map.of("localhost", "127.0.0.1,::1", "metadata.example", "169.254.169.254")));
        assertThatCode(() -> dev.check("http://localhost:8080/x")).doesNotThrowAnyException();
        assertThatCode(() -> dev.check("http://10.20.30.40/x")).doesNotThrowAnyException();
        assertThatCode(() -> dev.check("http://[::1]:9000/x")).doesNotThrowAnyException();
        assertThatCode(() -> dev.check("http://169.254.1.1/x")).doesNotThrowAnyException();
        assertThatThrownBy(() -> dev.check("http://127.0.0.1/x")).isInstanceOf(SsrfGuard.RefusedException.class);
        assertThatThrownBy(() -> dev.check("http://169.254.169.254/latest/meta-data"))
                .isInstanceOf(SsrfGuard.RefusedException.class);
        assertThatThrownBy(() -> dev.check("http://metadata.example/"))
                .isInstanceOf(SsrfGuard.RefusedException.class);
    }

    @Test
    void publicClassificationOfSingleAddresses() throws Exception {
        assertThat(SsrfGuard.isPublic(InetAddress.getByName("8.8.8.8"))).isTrue();
        assertThat(SsrfGuard.isPublic(InetAddress.getByName("100.63.255.255"))).isTrue();
        assertThat(SsrfGuard.isPublic(InetAddress.getByName("100.128.0.0"))).isTrue();
        assertThat(SsrfGuard.isPublic(InetAddress.getByName("172.32.0.1"))).isTrue();
        assertThat(SsrfGuard.isPublic(InetAddress.getByName("100.64.0.0"))).isFalse();
    }
}
