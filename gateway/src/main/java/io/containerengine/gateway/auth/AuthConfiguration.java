package io.containerengine.gateway.auth;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import org.springframework.web.reactive.socket.client.WebSocketClient;

import io.containerengine.common.identity.InternalIdentity;

@Configuration(proxyBeanMethods = false)
public class AuthConfiguration {

    @Bean
    TokenVerifier tokenVerifier(JwtProperties properties, RevokedSessions revokedSessions) {
        return new TokenVerifier(properties.secret(), properties.cacheSize(), Clock.systemUTC(), revokedSessions);
    }

    @Bean
    AuthenticationWebFilter authenticationWebFilter(TokenVerifier verifier, ApiKeyCheck apiKeys) {
        return new AuthenticationWebFilter(verifier, apiKeys);
    }

    /** Wraps the gateway's own client; primary so that the WebSocket routing filter uses the wrapper. */
    @Bean
    @Primary
    WebSocketClient subprotocolTokenWebSocketClient(ReactorNettyWebSocketClient gatewayClient) {
        return new SubprotocolTokenWebSocketClient(gatewayClient);
    }

    @Bean
    IdentityHeaderFilter identityHeaderFilter(InternalIdentity identity) {
        return new IdentityHeaderFilter(identity);
    }
}
