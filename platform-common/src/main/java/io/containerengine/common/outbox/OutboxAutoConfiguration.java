package io.containerengine.common.outbox;

import javax.sql.DataSource;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import io.containerengine.contracts.EventEnvelope;

/**
 * The transactional outbox for services that set {@code ce.outbox.enabled=true} (and have a DataSource, a
 * transaction manager and Boot's String {@link KafkaTemplate}). See {@link OutboxWriter} for the table.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
        "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration" })
@ConditionalOnClass({ JdbcClient.class, KafkaTemplate.class, EventEnvelope.class })
@ConditionalOnBooleanProperty("ce.outbox.enabled")
@EnableConfigurationProperties(OutboxProperties.class)
public class OutboxAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    OutboxSignal outboxSignal() {
        return new OutboxSignal();
    }

    @Bean
    @ConditionalOnMissingBean
    OutboxWriter outboxWriter(DataSource dataSource, OutboxSignal signal, OutboxProperties properties) {
        return new OutboxWriter(JdbcClient.create(dataSource), signal, properties);
    }

    @Bean
    @ConditionalOnMissingBean
    OutboxRelay outboxRelay(DataSource dataSource, KafkaTemplate<String, String> kafka,
            PlatformTransactionManager transactions, OutboxSignal signal, OutboxProperties properties) {
        return new OutboxRelay(JdbcClient.create(dataSource), kafka, transactions, signal, properties);
    }
}
