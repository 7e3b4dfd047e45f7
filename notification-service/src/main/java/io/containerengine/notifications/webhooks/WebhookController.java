package io.containerengine.notifications.webhooks;

import java.util.UUID;
import java.util.concurrent.Callable;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.containerengine.common.identity.InternalIdentity;
import io.containerengine.notifications.web.ApiException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** {@code /v1/webhooks}: the caller's own endpoints only; another user's id answers 404. */
@RestController
@RequestMapping("/v1/webhooks")
class WebhookController {

    private final WebhookService webhooks;

    WebhookController(WebhookService webhooks) {
        this.webhooks = webhooks;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    Mono<WebhookDtos.Webhook> create(@RequestAttribute(InternalIdentity.USER_ID_ATTRIBUTE) UUID userId,
            @RequestBody(required = false) WebhookDtos.CreateWebhookRequest request) {
        if (request == null) {
            return Mono.error(new ApiException(HttpStatus.BAD_REQUEST, "Invalid JSON body"));
        }
        return blocking(() -> webhooks.create(userId, request));
    }

    @GetMapping
    Mono<WebhookDtos.WebhookList> list(@RequestAttribute(InternalIdentity.USER_ID_ATTRIBUTE) UUID userId) {
        return blocking(() -> new WebhookDtos.WebhookList(webhooks.list(userId)));
    }

    @GetMapping("/{id}")
    Mono<WebhookDtos.Webhook> get(@RequestAttribute(InternalIdentity.USER_ID_ATTRIBUTE) UUID userId,
            @PathVariable String id) {
        return blocking(() -> webhooks.get(userId, id));
    }

    @DeleteMapping("/{id}")
    Mono<WebhookDtos.Message> delete(@RequestAttribute(InternalIdentity.USER_ID_ATTRIBUTE) UUID userId,
            @PathVariable String id) {
        return blocking(() -> {
            webhooks.delete(userId, id);
            return new WebhookDtos.Message("Webhook deleted successfully");
        });
    }

    @GetMapping("/{id}/deliveries")
    Mono<WebhookDtos.DeliveryList> deliveries(@RequestAttribute(InternalIdentity.USER_ID_ATTRIBUTE) UUID userId,
            @PathVariable String id) {
        return blocking(() -> new WebhookDtos.DeliveryList(webhooks.deliveries(userId, id)));
    }

    /** JDBC and DNS block: off the event loop. */
    private static <T> Mono<T> blocking(Callable<T> work) {
        return Mono.fromCallable(work).subscribeOn(Schedulers.boundedElastic());
    }
}
