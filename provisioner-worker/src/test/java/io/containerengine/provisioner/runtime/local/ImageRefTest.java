package io.containerengine.provisioner.runtime.local;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ImageRefTest {

    @Test
    void splitsRepositoryAndTag() {
        assertThat(ImageRef.parse("localhost/ce-sample:latest"))
                .isEqualTo(new ImageRef("localhost/ce-sample", "latest", "localhost"));
        assertThat(ImageRef.parse("nginx")).isEqualTo(new ImageRef("nginx", "latest", "docker.io"));
        assertThat(ImageRef.parse("library/nginx:1.27")).isEqualTo(new ImageRef("library/nginx", "1.27", "docker.io"));
    }

    @Test
    void keepsRegistryPortOutOfTheTag() {
        assertThat(ImageRef.parse("127.0.0.1:5000/team/app"))
                .isEqualTo(new ImageRef("127.0.0.1:5000/team/app", "latest", "127.0.0.1:5000"));
        assertThat(ImageRef.parse("registry.example.com:5000/app:v2"))
                .isEqualTo(new ImageRef("registry.example.com:5000/app", "v2", "registry.example.com:5000"));
    }

    @Test
    void treatsDigestAsTag() {
        assertThat(ImageRef.parse("ghcr.io/o/app@sha256:abc"))
                .isEqualTo(new ImageRef("ghcr.io/o/app", "sha256:abc", "ghcr.io"));
    }
}
