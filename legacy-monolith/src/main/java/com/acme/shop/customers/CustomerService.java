package com.acme.shop.customers;

import com.acme.shop.outbox.EventType;
import com.acme.shop.outbox.OutboxEvent;
import com.acme.shop.outbox.OutboxWriter;
import com.acme.shop.web.errors.ConflictException;
import com.acme.shop.web.errors.NotFoundException;
import com.acme.shop.web.errors.UnauthorizedException;
import java.util.Locale;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Registration and credential checks. */
@Service
public class CustomerService {

    public static final String AGGREGATE = "Customer";

    private final CustomerRepository customers;
    private final PasswordEncoder passwords;
    private final OutboxWriter outbox;

    public CustomerService(CustomerRepository customers, PasswordEncoder passwords, OutboxWriter outbox) {
        this.customers = customers;
        this.passwords = passwords;
        this.outbox = outbox;
    }

    @Transactional
    public Customer register(RegistrationRequest request) {
        String email = request.email().trim().toLowerCase(Locale.ROOT);
        if (customers.emailTaken(email)) {
            throw duplicate(email);
        }
        try {
            Customer customer = customers.insert(email, passwords.encode(request.password()), request.name().trim());
            outbox.append(new OutboxEvent(AGGREGATE, Long.toString(customer.id()), EventType.CustomerRegistered, customer));
            return customer;
        } catch (DuplicateKeyException raced) {
            throw duplicate(email);
        }
    }

    /** The same answer for an unknown email and a wrong password, so emails cannot be probed. */
    @Transactional(readOnly = true)
    public Customer authenticate(String email, String password) {
        return customers.credentials(email.trim())
                .filter(c -> passwords.matches(password, c.passwordHash()))
                .map(CustomerRepository.Credentials::customer)
                .orElseThrow(() -> new UnauthorizedException("email or password is wrong"));
    }

    @Transactional(readOnly = true)
    public Customer get(long id) {
        return customers.find(id).orElseThrow(() -> new NotFoundException("no customer " + id));
    }

    private static ConflictException duplicate(String email) {
        return new ConflictException("a customer with email '" + email + "' is already registered");
    }
}
