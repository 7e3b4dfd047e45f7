package io.containerengine.provisioner.health;

import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Liveness for {@code bin/ce up}; the worker serves no other HTTP API. */
@RestController
class HealthController {

    @GetMapping("/health")
    Map<String, String> health() {
        return Map.of("status", "healthy", "service", "provisioner-worker", "version", "0.1.0");
    }
}
