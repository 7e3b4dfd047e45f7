package io.containerengine.gateway.apps;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AppHostWebFilterTest {

    private final AppHostWebFilter local = new AppHostWebFilter(new AppsProperties("localhost", null, null, null));
    private final AppHostWebFilter hosted = new AppHostWebFilter(new AppsProperties(".Apps.Example.com", null, null, null));

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
}
