package io.containerengine.deployments.domains;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.containerengine.deployments.deployments.VerifiedDomains;

/** SQL access to {@code custom_domain}. */
@Repository
public class CustomDomainRepository implements VerifiedDomains {

    private final JdbcClient jdbc;

    public CustomDomainRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @throws org.springframework.dao.DuplicateKeyException when the domain is claimed already */
    public void insert(CustomDomain d) {
        jdbc.sql("""
                insert into custom_domain (id, deployment_id, user_id, domain, verification_token, status, created_at)
                values (?, ?, ?, ?, ?, ?, ?)
                """)
                .params(d.id(), d.deploymentId(), d.userId(), d.domain(), d.verificationToken(), d.status(),
                        Timestamp.from(d.createdAt()))
                .update();
    }

    public Optional<CustomDomain> findByDomain(String domain) {
        return jdbc.sql("select * from custom_domain where domain = ?").param(domain)
                .query(CustomDomainRepository::map).optional();
    }

    public Optional<CustomDomain> find(UUID deploymentId, UUID id) {
        return jdbc.sql("select * from custom_domain where deployment_id = ? and id = ?")
                .param(deploymentId).param(id).query(CustomDomainRepository::map).optional();
    }

    public List<CustomDomain> findAll(UUID deploymentId) {
        return jdbc.sql("select * from custom_domain where deployment_id = ? order by created_at, domain")
                .param(deploymentId).query(CustomDomainRepository::map).list();
    }

    public int count(UUID deploymentId) {
        return jdbc.sql("select count(*) from custom_domain where deployment_id = ?")
                .param(deploymentId).query(Integer.class).single();
    }

    /** Removes an unverified claim made before {@code olderThan}; true if there was one. */
    public boolean deleteStalePendingClaim(String domain, Instant olderThan) {
        return jdbc.sql("delete from custom_domain where domain = ? and status = ? and created_at < ?")
                .param(domain).param(CustomDomain.PENDING).param(Timestamp.from(olderThan)).update() == 1;
    }

    public boolean markVerified(UUID id, Instant at) {
        return jdbc.sql("update custom_domain set status = ?, verified_at = ? where id = ? and status = ?")
                .param(CustomDomain.VERIFIED).param(Timestamp.from(at)).param(id).param(CustomDomain.PENDING)
                .update() == 1;
    }

    public boolean delete(UUID deploymentId, UUID id) {
        return jdbc.sql("delete from custom_domain where deployment_id = ? and id = ?")
                .param(deploymentId).param(id).update() == 1;
    }

    public void deleteAll(UUID deploymentId) {
        jdbc.sql("delete from custom_domain where deployment_id = ?").param(deploymentId).update();
    }

    @Override
    public List<String> of(UUID deploymentId) {
        return jdbc.sql("select domain from custom_domain where deployment_id = ? and status = ? order by domain")
                .param(deploymentId).param(CustomDomain.VERIFIED).query(String.class).list();
    }

    /** Verified host names by deployment, for the gateway's route table. */
    public Map<UUID, List<String>> verifiedByDeployment() {
        Map<UUID, List<String>> out = new HashMap<>();
        jdbc.sql("select deployment_id, domain from custom_domain where status = ? order by domain")
                .param(CustomDomain.VERIFIED)
                .query(rs -> {
                    out.computeIfAbsent(rs.getObject(1, UUID.class), k -> new ArrayList<>()).add(rs.getString(2));
                });
        return out;
    }

    private static CustomDomain map(ResultSet rs, int row) throws SQLException {
        Timestamp verified = rs.getTimestamp("verified_at");
        return new CustomDomain(rs.getObject("id", UUID.class), rs.getObject("deployment_id", UUID.class),
                rs.getObject("user_id", UUID.class), rs.getString("domain"), rs.getString("verification_token"),
                rs.getString("status"), rs.getTimestamp("created_at").toInstant(),
                verified == null ? null : verified.toInstant());
    }
}
