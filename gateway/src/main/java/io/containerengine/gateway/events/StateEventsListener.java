package io.containerengine.gateway.events;

import java.util.Collection;
import java.util.UUID;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.MessageListener;
import org.springframework.util.backoff.FixedBackOff;

import io.containerengine.contracts.EventEnvelope;
import io.containerengine.contracts.EventJson;

/**
 * A gateway consumer that mirrors state from events (routes, revocations): each gateway instance follows the
 * topics in a consumer group of its own from the newest record (a snapshot covers the past, loaded again by
 * {@link #partitionsAssigned()} each time the partitions are assigned). Applying an event sets state, so repeats
 * change nothing (no processed-id bookkeeping). A record that cannot be read, or whose payload cannot be, is
 * skipped with a warning: it will never become readable, retrying would only hold up the ones behind it.
 */
public abstract class StateEventsListener
        implements MessageListener<String, String>, ConsumerAwareRebalanceListener {

    /** Under the subclass' name, as when each listener had its own copy of this code. */
    private final Logger log = LoggerFactory.getLogger(getClass());

    /**
     * Applies one readable event; other event types are ignored. An {@link IllegalArgumentException} (a payload
     * of the wrong shape) skips the event.
     */
    protected abstract void apply(EventEnvelope envelope);

    /** The partitions were (re)assigned and their start offsets fixed: reload the snapshot. */
    protected abstract void partitionsAssigned();

    @Override
    public final void onMessage(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            return;
        }
        EventEnvelope envelope;
        try {
            envelope = EventJson.read(record.value());
        } catch (RuntimeException e) {
            log.warn("Skipping unreadable record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                    e.getClass().getSimpleName());
            return;
        }
        try {
            apply(envelope);
        } catch (IllegalArgumentException e) {
            log.warn("Skipping event {} ({}) with an unreadable payload", envelope.eventId(), envelope.type());
        }
    }

    @Override
    public final void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        try {
            // resolve "latest" to a fixed offset now, so nothing published after this point can be skipped
            for (TopicPartition partition : partitions) {
                consumer.position(partition);
            }
        } catch (RuntimeException e) {
            log.warn("Could not fix the start offsets of {}: {}", partitions, e.toString());
        }
        partitionsAssigned();
    }

    /**
     * The container for {@code listener}: group {@code groupPrefix + <random uuid>} so every instance sees every
     * event. The container starts its consumer thread without waiting for Kafka, so a broker that is down does not
     * hold up startup. Unreadable records are skipped by the listener; anything else gets two retries
     * {@code retryMillis} apart, then is logged ("Giving up on {@code what} ...") and skipped. No dead-letter
     * topic: this consumer only mirrors state, and one DLT copy per gateway instance of a record that the other
     * consumers of the topic already dead-letter would only add noise.
     */
    @SuppressWarnings("unchecked")
    public static ConcurrentMessageListenerContainer<String, String> container(ConsumerFactory<?, ?> consumerFactory,
            StateEventsListener listener, String groupPrefix, long retryMillis, String what, String... topics) {
        ContainerProperties properties = new ContainerProperties(topics);
        properties.setGroupId(groupPrefix + UUID.randomUUID());
        properties.setMessageListener(listener);
        properties.setConsumerRebalanceListener(listener);
        var container = new ConcurrentMessageListenerContainer<>((ConsumerFactory<String, String>) consumerFactory,
                properties);
        Logger log = LoggerFactory.getLogger(listener.getClass());
        container.setCommonErrorHandler(new DefaultErrorHandler(
                (record, e) -> log.error("Giving up on {} {}-{}@{}", what, record.topic(), record.partition(),
                        record.offset(), e),
                new FixedBackOff(retryMillis, 2)));
        return container;
    }
}
