package io.containerengine.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.utils.Serialization;
import tools.jackson.databind.JsonNode;

/**
 * The provisioner's ClusterRole grants exactly the calls listed in provisioner-k8s-calls.json - the list the
 * Kubernetes runtime keeps equal to what it calls - and nothing through wildcards.
 */
class ProvisionerRbacTest {

    /** One grant: verb on resource of API group ("" = core). */
    record Grant(String apiGroup, String resource, String verb) implements Comparable<Grant> {
        @Override
        public int compareTo(Grant o) {
            return toString().compareTo(o.toString());
        }

        @Override
        public String toString() {
            return (apiGroup.isEmpty() ? "core" : apiGroup) + "/" + resource + ":" + verb;
        }
    }

    @Test
    void clusterRoleGrantsExactlyTheCallsOfTheKubernetesRuntime() throws IOException {
        List<HasMetadata> objects = Chart.parse(Chart.renderWithTestValues());
        ClusterRole role = Chart.one(objects, ClusterRole.class, Chart.name("provisioner-worker"));

        Set<Grant> granted = new TreeSet<>();
        for (PolicyRule rule : role.getRules()) {
            assertThat(rule.getResourceNames()).as("resourceNames").isNullOrEmpty();
            assertThat(rule.getNonResourceURLs()).as("nonResourceURLs").isNullOrEmpty();
            assertThat(rule.getApiGroups()).isNotEmpty().doesNotContain("*");
            assertThat(rule.getResources()).isNotEmpty().noneMatch(r -> r.contains("*"));
            assertThat(rule.getVerbs()).isNotEmpty().doesNotContain("*");
            for (String group : rule.getApiGroups()) {
                for (String resource : rule.getResources()) {
                    for (String verb : rule.getVerbs()) {
                        assertThat(granted.add(new Grant(group, resource, verb)))
                                .as("%s granted twice", new Grant(group, resource, verb)).isTrue();
                    }
                }
            }
        }
        assertThat(role.getAggregationRule()).isNull();

        Set<Grant> expected = expectedCalls();
        Set<Grant> extra = new TreeSet<>(granted);
        extra.removeAll(expected);
        Set<Grant> missing = new TreeSet<>(expected);
        missing.removeAll(granted);
        assertThat(extra).as("granted by the ClusterRole but not called by the runtime").isEmpty();
        assertThat(missing).as("called by the runtime but not granted by the ClusterRole").isEmpty();
        // the provisioner's only rights: no other Role or ClusterRole is rendered
        assertThat(Chart.all(objects, ClusterRole.class)).hasSize(1);
        assertThat(Chart.all(objects, Role.class)).isEmpty();
    }

    private static Set<Grant> expectedCalls() throws IOException {
        JsonNode calls = Serialization.jsonMapper()
                .readTree(Files.readString(Chart.testResource("provisioner-k8s-calls.json"))).path("calls");
        assertThat(calls.isArray() && !calls.isEmpty()).as("calls in provisioner-k8s-calls.json").isTrue();
        Set<Grant> expected = new TreeSet<>();
        for (JsonNode call : calls) {
            for (JsonNode verb : call.path("verbs")) {
                expected.add(new Grant(call.path("apiGroup").asString(), call.path("resource").asString(),
                        verb.asString()));
            }
        }
        return expected;
    }
}
