package io.containerengine.gateway.apps;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class RouteTableTest {

    private final RouteTable table = new RouteTable();
    private final UUID app = UUID.randomUUID();

    @Test
    void roundRobinsOverTheEndpointsOfARunningApp() {
        table.put(app, "MyApp.localhost", List.of("127.0.0.1:1001", "127.0.0.1:1002"));

        List<String> picked = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            picked.add(table.lookup("myapp.localhost").nextEndpoint());
        }
        assertThat(picked).containsExactly("127.0.0.1:1001", "127.0.0.1:1002", "127.0.0.1:1001", "127.0.0.1:1002");
    }

    @Test
    void appWithoutEndpointsIsKnownButHasNoEndpoint() {
        table.put(app, "myapp.localhost", List.of());

        assertThat(table.lookup("myapp.localhost")).isNotNull();
        assertThat(table.lookup("myapp.localhost").nextEndpoint()).isNull();
    }

    @Test
    void deletionRemovesTheHost() {
        table.put(app, "myapp.localhost", List.of("127.0.0.1:1001"));
        table.remove(app);

        assertThat(table.lookup("myapp.localhost")).isNull();
    }

    @Test
    void deletingAnOldDeploymentKeepsTheNewOwnerOfItsHost() {
        UUID successor = UUID.randomUUID();
        table.put(app, "myapp.localhost", List.of("127.0.0.1:1001"));
        table.put(successor, "myapp.localhost", List.of("127.0.0.1:2001"));
        table.remove(app);

        assertThat(table.lookup("myapp.localhost").deploymentId()).isEqualTo(successor);
    }

    @Test
    void renamedHostDropsTheOldName() {
        table.put(app, "old.localhost", List.of("127.0.0.1:1001"));
        table.put(app, "new.localhost", List.of("127.0.0.1:1001"));

        assertThat(table.lookup("old.localhost")).isNull();
        assertThat(table.lookup("new.localhost")).isNotNull();
    }

    @Test
    void snapshotFillsTheTableButNeverOverridesNewerEvents() {
        UUID stale = UUID.randomUUID();
        UUID changed = UUID.randomUUID();
        UUID deleted = UUID.randomUUID();
        table.put(stale, "stale.localhost", List.of("127.0.0.1:1")); // known before, not in the snapshot

        Object marker = table.beginSnapshot();
        table.put(changed, "changed.localhost", List.of("127.0.0.1:9")); // event newer than the snapshot
        table.remove(deleted);
        boolean applied = table.applySnapshot(marker, List.of(
                new RouteTable.Snapshot(app, "myapp.localhost", List.of("127.0.0.1:1001")),
                new RouteTable.Snapshot(changed, "changed.localhost", List.of()),
                new RouteTable.Snapshot(deleted, "deleted.localhost", List.of("127.0.0.1:3"))));

        assertThat(applied).isTrue();
        assertThat(table.lookup("myapp.localhost").endpoints()).containsExactly("127.0.0.1:1001");
        assertThat(table.lookup("changed.localhost").endpoints()).containsExactly("127.0.0.1:9");
        assertThat(table.lookup("deleted.localhost")).isNull();
        assertThat(table.lookup("stale.localhost")).isNull();
    }

    @Test
    void supersededSnapshotIsIgnored() {
        Object first = table.beginSnapshot();
        Object second = table.beginSnapshot();

        assertThat(table.applySnapshot(first, List.of(new RouteTable.Snapshot(app, "a.localhost", List.of())))).isFalse();
        assertThat(table.applySnapshot(second, List.of())).isTrue();
        assertThat(table.lookup("a.localhost")).isNull();
    }

    @Test
    void customDomainsRouteToTheSameEndpointsAndEachUpdateReplacesThem() {
        table.put(app, "myapp.localhost", List.of("www.example.com", "Shop.Example.org."), List.of("127.0.0.1:1001"));

        assertThat(table.lookup("myapp.localhost").endpoints()).containsExactly("127.0.0.1:1001");
        assertThat(table.lookup("www.example.com").endpoints()).containsExactly("127.0.0.1:1001");
        assertThat(table.lookup("shop.example.org").deploymentId()).isEqualTo(app);

        table.put(app, "myapp.localhost", List.of("shop.example.org"), List.of("127.0.0.1:1002"));
        assertThat(table.lookup("www.example.com")).isNull();
        assertThat(table.lookup("shop.example.org").endpoints()).containsExactly("127.0.0.1:1002");

        table.put(app, "myapp.localhost", List.of(), List.of("127.0.0.1:1002"));
        assertThat(table.lookup("shop.example.org")).isNull();
        assertThat(table.lookup("myapp.localhost")).isNotNull();
    }

    @Test
    void deletionRemovesTheCustomDomainsToo() {
        table.put(app, "myapp.localhost", List.of("www.example.com"), List.of("127.0.0.1:1001"));
        table.remove(app);

        assertThat(table.lookup("myapp.localhost")).isNull();
        assertThat(table.lookup("www.example.com")).isNull();
        assertThat(table.size()).isZero();
    }

    @Test
    void aDomainMovedToAnotherDeploymentStaysWithItsNewOwner() {
        UUID other = UUID.randomUUID();
        table.put(app, "myapp.localhost", List.of("www.example.com"), List.of("127.0.0.1:1001"));
        table.put(other, "other.localhost", List.of("www.example.com"), List.of("127.0.0.1:2001"));
        table.put(app, "myapp.localhost", List.of(), List.of("127.0.0.1:1001")); // the old owner let it go

        assertThat(table.lookup("www.example.com").deploymentId()).isEqualTo(other);
    }

    @Test
    void snapshotKeepsEveryHostOfADeployment() {
        table.put(app, "myapp.localhost", List.of("old.example.com"), List.of("127.0.0.1:1"));

        Object marker = table.beginSnapshot();
        table.applySnapshot(marker, List.of(
                new RouteTable.Snapshot(app, "myapp.localhost", List.of("127.0.0.1:1001")),
                new RouteTable.Snapshot(app, "www.example.com", List.of("127.0.0.1:1001"))));

        assertThat(table.lookup("myapp.localhost").endpoints()).containsExactly("127.0.0.1:1001");
        assertThat(table.lookup("www.example.com").endpoints()).containsExactly("127.0.0.1:1001");
        assertThat(table.lookup("old.example.com")).isNull();
    }
}
