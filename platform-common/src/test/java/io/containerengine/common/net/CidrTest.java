package io.containerengine.common.net;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CidrTest {

    @Test
    void containsAddressesOfItsBlockOnlyForBothFamilies() {
        Cidr v4 = Cidr.tryParse("192.168.1.0/25");
        Cidr v6 = Cidr.tryParse("fd00::/8");
        Cidr one = Cidr.tryParse("172.16.0.7");

        assertThat(v4.contains(Cidr.literal("192.168.1.127"))).isTrue();
        assertThat(v4.contains(Cidr.literal("192.168.1.128"))).isFalse();
        assertThat(v4.contains(Cidr.literal("fd00::1"))).isFalse();
        assertThat(v6.contains(Cidr.literal("fdff::1"))).isTrue();
        assertThat(v6.contains(Cidr.literal("fe80::1"))).isFalse();
        assertThat(one.contains(Cidr.literal("172.16.0.7"))).isTrue();
        assertThat(one.contains(Cidr.literal("172.16.0.8"))).isFalse();
        assertThat(v4.toString()).isEqualTo("192.168.1.0/25");
    }

    @Test
    void refusesPrefixesOutOfRangeAndNames() {
        assertThat(Cidr.tryParse("10.0.0.0/33")).isNull();
        assertThat(Cidr.tryParse("::/129")).isNull();
        assertThat(Cidr.tryParse("10.0.0.0/x")).isNull();
        assertThat(Cidr.tryParse("example.com/8")).isNull();
        assertThat(Cidr.tryParse(null)).isNull();
    }

    @Test
    void readsLiteralsWithoutEverLookingANameUp() {
        assertThat(Cidr.literal("localhost")).isNull();
        assertThat(Cidr.literal("999.1.1.1")).as("over 255: would be looked up as a name").isNull();
        assertThat(Cidr.literal("1.2.3.4:80")).isNull();
        assertThat(Cidr.literal("[::1]")).isEqualTo(Cidr.literal("::1"));
        assertThat(Cidr.isLiteral("10.0.0.1")).isTrue();
        assertThat(Cidr.isLiteral("[2001:db8::1]")).isTrue();
        assertThat(Cidr.isLiteral("hooks.example.com")).isFalse();
    }
}
