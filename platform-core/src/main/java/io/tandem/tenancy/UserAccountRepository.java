package io.tandem.tenancy;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

@JdbcRepository(dialect = Dialect.POSTGRES)
interface UserAccountRepository extends CrudRepository<UserAccount, UUID> {

    List<UserAccount> findAllOrderByName();

    /** In the current tenant (row-level security): e-mails are unique per tenant. */
    Optional<UserAccount> findByEmail(String email);

    /** Across tenants, through the owner's audited lookup function (see V1 migration). */
    @Query(value = "SELECT tenant_id, user_id, password_hash, active FROM find_login(:email)", nativeQuery = true)
    Optional<LoginRecord> findLogin(String email);
}
