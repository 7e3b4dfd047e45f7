package io.containerengine.gateway.apps;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class AppHostWebFilterTest {

    private final RouteTable routes = new RouteTable();
    private final AppHostWebFilter local = new AppHostWebFilter(new AppsProperties("localhost", null, null, null),
            routes);
    private final AppHostWebFilter hosted = new AppHostWebFilter(
            new AppsProperties(".Apps.Example.com", null, null, null), routes);

    @Test
    void recognisesAppHostsWithPortAndCase() {
        assertThat(local.appHost("myapp.localhost")).isEqualTo("myapp.localhost");
        assertThat(local.appHost("MyApp.LocalHost:3000")).isEqualTo("myapp.localhost");
        assertThat(local.appHost("myapp.localhost.")).isEqualTo("myapp.localhost");
        assertThat(hosted.appHost("shop.apps.example.com")).isEqualTo("shop.apps.example.com");
    }

    @Test
    void apiHostsAreNotApps() {
        assertThat(local.appHost("localhost:3000")).isNull();
        assertThat(local.appHost("127.0.0.1:3000")).isNull();
        assertThat(local.appHost("[::1]:3000")).isNull();
        assertThat(local.appHost(".localhost")).isNull();
        assertThat(local.appHost("notlocalhost")).isNull();
        assertThat(local.appHost(null)).isNull();
        assertThat(hosted.appHost("apps.example.com")).isNull();
        assertThat(hosted.appHost("shop.example.com")).isNull();
    }

    @Test
    void aCustomDomainIsAnAppOnlyWhileItIsRouted() {
        UUID app = UUID.randomUUID();
        assertThat(local.appHost("www.example.com")).isNull();

        routes.put(app, "shop.localhost", List.of("www.example.com"), List.of("127.0.0.1:1001"));
        assertThat(local.appHost("WWW.Example.com:3000")).isEqualTo("www.example.com");
        assertThat(local.appHost("www.example.com.")).isEqualTo("www.example.com");
        assertThat(local.appHost("example.com")).isNull();

        routes.put(app, "shop.localhost", List.of(), List.of("127.0.0.1:1001"));
        assertThat(local.appHost("www.example.com")).isNull();
    }

    @Test
    void thePlatformsOwnNameStaysTheApiEvenIfARouteClaimedIt() {
        routes.put(UUID.randomUUID(), "x.apps.example.com", List.of("apps.example.com", "localhost"), List.of());

        assertThat(local.appHost("localhost:3000")).isNull();
        assertThat(hosted.appHost("Apps.Example.com")).isNull();
    }
}
