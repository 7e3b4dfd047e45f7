package io.containerengine.gateway.routing;

import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.gateway.config.GatewayProperties;
import org.springframework.cloud.gateway.config.HttpClientCustomizer;
import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.cloud.gateway.filter.NettyWriteResponseFilter;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;

import reactor.netty.http.client.HttpClient;

/**
 * The HTTP routing filters, declared here because Spring Cloud Gateway's own pair is switched off
 * ({@code spring.cloud.gateway.server.webflux.global-filter.netty-routing.enabled: false} in application.yml):
 * {@link EdgeNettyRoutingFilter} in place of NettyRoutingFilter, and NettyWriteResponseFilter as Spring Cloud
 * Gateway declares it (its condition follows the routing filter's switch).
 *
 * <p>The upstream client also runs on the server's event loops, so that a request and its upstream call stay on
 * one thread (Reactor Netty colocates a client connection on the calling loop only when both share a group).
 * With Boot's default, global resources this is already so; it matters when the server has loops of its own
 * (as under {@code @SpringBootTest}), where every request would otherwise hop threads twice.
 */
@Configuration(proxyBeanMethods = false)
public class EdgeRoutingConfiguration {

    @Bean
    EdgeNettyRoutingFilter routingFilter(HttpClient httpClient, ObjectProvider<List<HttpHeadersFilter>> headersFilters,
            HttpClientProperties properties) {
        return new EdgeNettyRoutingFilter(httpClient, headersFilters, properties);
    }

    @Bean
    HttpClientCustomizer upstreamOnServerLoops(ObjectProvider<ReactorResourceFactory> resources) {
        return client -> {
            ReactorResourceFactory factory = resources.getIfAvailable();
            return factory == null ? client : client.runOn(factory.getLoopResources());
        };
    }

    @Bean
    NettyWriteResponseFilter nettyWriteResponseFilter(GatewayProperties properties,
            ObjectProvider<List<HttpHeadersFilter>> headersFilters) {
        return new NettyWriteResponseFilter(properties.getStreamingMediaTypes(), headersFilters);
    }
}
