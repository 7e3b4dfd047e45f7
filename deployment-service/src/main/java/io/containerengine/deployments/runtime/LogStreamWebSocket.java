package io.containerengine.deployments.runtime;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;
import org.springframework.web.util.UriComponentsBuilder;

import io.containerengine.common.identity.InternalIdentity;
import io.containerengine.common.web.ApiError;
import io.containerengine.contracts.EventJson;
import io.containerengine.deployments.config.ApiProperties;
import io.containerengine.deployments.config.ProvisionerProperties;
import io.containerengine.deployments.deployments.DeploymentController;
import io.containerengine.deployments.deployments.DeploymentService;
import io.containerengine.deployments.web.NotFoundException;
import io.containerengine.deployments.web.ServiceUnavailableException;
import io.containerengine.deployments.web.ValidationException;

/**
 * {@code ws://.../v1/deployments/{id}/logs/stream[?tail=N]}: each log line as one JSON text message
 * ({@code {"timestamp","level","message","source"}}), first the last {@code tail} (default 100), then new ones.
 * The handshake is refused with 404 for anyone but the owner; the gateway authenticates and signs it like any
 * request. If the provisioner cannot stream, the socket gets one {@code {"error":{...}}} message and closes with
 * 1011; when the stream ends it closes normally.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
public class LogStreamWebSocket implements WebSocketConfigurer {

    static final String PATH = "/v1/deployments/*/logs/stream";
    private static final Pattern PATH_ID = Pattern.compile("^/v1/deployments/([^/]+)/logs/stream/?$");
    private static final String DEPLOYMENT = "ce.deploymentId";
    private static final String TAIL = "ce.tail";
    private static final String UPSTREAM = "ce.upstream";
    private static final String CUT = "ce.cut";
    private static final Logger log = LoggerFactory.getLogger(LogStreamWebSocket.class);

    private final DeploymentService deployments;
    private final ProvisionerClient provisioner;
    private final LogStreams streams;
    private final ApiProperties api;
    private final ProvisionerProperties provisionerProperties;

    public LogStreamWebSocket(DeploymentService deployments, ProvisionerClient provisioner, LogStreams streams,
            ApiProperties api, ProvisionerProperties provisionerProperties) {
        this.deployments = deployments;
        this.provisioner = provisioner;
        this.streams = streams;
        this.api = api;
        this.provisionerProperties = provisionerProperties;
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        // Any origin: the caller is authenticated by the gateway's signed header, not by ambient cookies.
        registry.addHandler(new Handler(), PATH).addInterceptors(new OwnerOnly()).setAllowedOriginPatterns("*");
    }

    /** Lets the upgrade through only for the deployment's owner, with a valid {@code tail}. */
    private final class OwnerOnly implements HandshakeInterceptor {
        @Override
        public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response,
                WebSocketHandler wsHandler, Map<String, Object> attributes) throws Exception {
            HttpServletRequest servlet = ((ServletServerHttpRequest) request).getServletRequest();
            Object user = servlet.getAttribute(InternalIdentity.USER_ID_ATTRIBUTE);
            Matcher m = PATH_ID.matcher(request.getURI().getPath());
            try {
                if (!(user instanceof UUID userId) || !m.matches()) {
                    throw new NotFoundException(DeploymentService.NOT_FOUND);
                }
                UUID id = deployments.owned(userId, DeploymentController.parseId(m.group(1))).id();
                String tail = UriComponentsBuilder.fromUri(request.getURI()).build().getQueryParams().getFirst("tail");
                attributes.put(DEPLOYMENT, id);
                attributes.put(TAIL, RuntimeController.tail(tail, api.maxLogTail()));
                return true;
            } catch (NotFoundException e) {
                refuse(response, HttpStatus.NOT_FOUND, ApiError.of(e.getMessage()));
                return false;
            } catch (ValidationException e) {
                refuse(response, HttpStatus.BAD_REQUEST, ApiError.of("Invalid " + e.fields(), e.details()));
                return false;
            }
        }

        @Override
        public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response,
                WebSocketHandler wsHandler, Exception exception) {
        }

        private void refuse(ServerHttpResponse response, HttpStatus status, ApiError error) throws Exception {
            response.setStatusCode(status);
            response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
            response.getBody().write(error.toJson().getBytes(StandardCharsets.UTF_8));
        }
    }

    private final class Handler extends TextWebSocketHandler {
        @Override
        public void afterConnectionEstablished(WebSocketSession raw) throws Exception {
            // Bounded buffer and send time: a slow client is disconnected rather than holding memory.
            WebSocketSession session = new ConcurrentWebSocketSessionDecorator(raw, 10_000, 512 * 1024);
            UUID id = (UUID) raw.getAttributes().get(DEPLOYMENT);
            int tail = (Integer) raw.getAttributes().get(TAIL);
            InputStream upstream;
            try {
                upstream = provisioner.followLogs(id, tail);
                raw.getAttributes().put(UPSTREAM, upstream);
                streams.pump(upstream,
                        line -> session.sendMessage(new TextMessage(EventJson.mapper().writeValueAsString(line))),
                        () -> closeQuietly(session, CloseStatus.NORMAL));
            } catch (ServiceUnavailableException e) {
                session.sendMessage(new TextMessage(ApiError.of(e.getMessage()).toJson()));
                closeQuietly(session, CloseStatus.SERVER_ERROR);
                return;
            }
            // A follower that never leaves is cut after the follow timeout, like the HTTP stream.
            raw.getAttributes().put(CUT, streams.after(provisionerProperties.followTimeout(), () -> {
                ProvisionerClient.closeQuietly(upstream);
                closeQuietly(session, CloseStatus.NORMAL);
            }));
        }

        @Override
        protected void handleTextMessage(WebSocketSession session, TextMessage message) {
            // Nothing to receive; a client message does not change the stream.
        }

        @Override
        public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
            // Closing the upstream ends the provisioner's stream and frees the pump thread.
            if (session.getAttributes().get(UPSTREAM) instanceof InputStream in) {
                ProvisionerClient.closeQuietly(in);
            }
            if (session.getAttributes().get(CUT) instanceof ScheduledFuture<?> cut) {
                cut.cancel(false);
            }
        }

        @Override
        public void handleTransportError(WebSocketSession session, Throwable exception) {
            log.debug("Log stream transport error: {}", exception.toString());
        }
    }

    private static void closeQuietly(WebSocketSession session, CloseStatus status) {
        try {
            if (session.isOpen()) {
                session.close(status);
            }
        } catch (Exception ignored) {
            // already closed
        }
    }
}
