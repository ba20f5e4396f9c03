package com.acme.shop.customers;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import java.net.URI;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Registration, login, logout and the current customer's profile. */
@RestController
@RequestMapping("/api")
public class CustomerController {

    private final CustomerService customers;

    public CustomerController(CustomerService customers) {
        this.customers = customers;
    }

    @PostMapping("/customers")
    public ResponseEntity<Customer> register(@Valid @RequestBody RegistrationRequest request) {
        Customer customer = customers.register(request);
        return ResponseEntity.created(URI.create("/api/me")).body(customer);
    }

    @PostMapping("/login")
    public Customer login(@Valid @RequestBody LoginRequest login, HttpServletRequest request) {
        Customer customer = customers.authenticate(login.email(), login.password());
        LoginSession.logIn(request, customer);
        return customer;
    }

    @PostMapping("/logout")
    public ResponseEntity<Void> logout(HttpServletRequest request) {
        LoginSession.logOut(request);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/me")
    public Customer me(HttpServletRequest request) {
        return customers.get(LoginSession.requireCustomerId(request));
    }
}
