package io.containerengine.common.web;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.context.annotation.Bean;

/**
 * The {@link JsonErrorController} for every servlet service (WebFlux services have their own error handling).
 * Runs before Boot's error auto-configuration, whose controller backs off when an {@link ErrorController} exists.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(name = { "org.springframework.boot.webmvc.error.ErrorController", "jakarta.servlet.Servlet" })
public class WebErrorsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(ErrorController.class)
    JsonErrorController jsonErrorController() {
        return new JsonErrorController();
    }
}
