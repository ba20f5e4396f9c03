package com.acme.shop.customers;

import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/** SQL for the {@code customers} table. */
@Repository
public class CustomerRepository {

    private static final RowMapper<Customer> CUSTOMER = (rs, i) -> new Customer(
            rs.getLong("id"), rs.getString("email"), rs.getString("name"),
            rs.getTimestamp("registered_at").toInstant());

    private final NamedParameterJdbcTemplate jdbc;

    public CustomerRepository(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Customer insert(String email, String passwordHash, String name) {
        return jdbc.queryForObject("""
                insert into customers (email, password_hash, name) values (:email, :hash, :name)
                returning id, email, name, registered_at
                """,
                new MapSqlParameterSource("email", email).addValue("hash", passwordHash).addValue("name", name),
                CUSTOMER);
    }

    public boolean emailTaken(String email) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "select exists (select 1 from customers where lower(email) = lower(:email))",
                new MapSqlParameterSource("email", email), Boolean.class));
    }

    public Optional<Customer> find(long id) {
        return jdbc.query("select id, email, name, registered_at from customers where id = :id",
                new MapSqlParameterSource("id", id), CUSTOMER).stream().findFirst();
    }

    public Optional<Credentials> credentials(String email) {
        return jdbc.query("""
                select id, email, name, registered_at, password_hash from customers
                where lower(email) = lower(:email)
                """, new MapSqlParameterSource("email", email),
                (rs, i) -> new Credentials(CUSTOMER.mapRow(rs, i), rs.getString("password_hash")))
                .stream().findFirst();
    }

    /** A customer with their stored hash; only login ever reads it. */
    public record Credentials(Customer customer, String passwordHash) {}
}
