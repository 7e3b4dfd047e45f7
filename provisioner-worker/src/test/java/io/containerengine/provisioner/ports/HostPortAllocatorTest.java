package io.containerengine.provisioner.ports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class HostPortAllocatorTest {

    @Test
    void skipsPortsSomethingElseListensOn() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = taken.getLocalPort();
            int from = Math.min(port, 65535 - 20);
            var allocator = new HostPortAllocator(from, from + 20);
            for (int i = from; i < port; i++) {
                allocator.hold(i); // start the search at the taken port
            }
            int given = allocator.allocate();
            assertThat(given).isNotEqualTo(port).isBetween(from, from + 20);
            assertThat(allocator.isHeld(given)).isTrue();
        }
    }

    @Test
    void neverHandsOutAPortHeldByAContainer() {
        var allocator = new HostPortAllocator(41000, 41004, port -> true);
        allocator.hold(41000);
        allocator.hold(41002);
        Set<Integer> given = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            given.add(allocator.allocate());
        }
        assertThat(given).containsExactlyInAnyOrder(41001, 41003, 41004);
        assertThatThrownBy(allocator::allocate).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no free host port");
    }

    @Test
    void neverReusesAPortUntilReleased() {
        var allocator = new HostPortAllocator(41000, 41001, port -> true);
        int first = allocator.allocate();
        int second = allocator.allocate();
        assertThat(first).isNotEqualTo(second);
        assertThatThrownBy(allocator::allocate).isInstanceOf(IllegalStateException.class);

        allocator.release(first);
        assertThat(allocator.isHeld(first)).isFalse();
        assertThat(allocator.allocate()).isEqualTo(first);
        assertThat(allocator.isHeld(first)).isTrue();
    }

    @Test
    void doesNotHandBackAJustReleasedPortWhileOthersAreFree() {
        var allocator = new HostPortAllocator(41000, 41009, port -> true);
        int first = allocator.allocate();
        allocator.release(first);
        assertThat(allocator.allocate()).isNotEqualTo(first);
    }

    @Test
    void parsesRange() {
        assertThat(HostPortAllocator.ofRange(" 41000 - 41999 ")).isNotNull();
        assertThatThrownBy(() -> HostPortAllocator.ofRange("41000")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HostPortAllocator.ofRange("5-1")).isInstanceOf(IllegalArgumentException.class);
    }
}
