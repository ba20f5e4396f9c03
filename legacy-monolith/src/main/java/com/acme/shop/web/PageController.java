package com.acme.shop.web;

import com.acme.shop.cart.CartService;
import com.acme.shop.cart.CartSession;
import com.acme.shop.catalog.CatalogService;
import com.acme.shop.catalog.ProductQuery;
import com.acme.shop.customers.CustomerService;
import com.acme.shop.customers.LoginSession;
import com.acme.shop.web.errors.ShopException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

/**
 * The server-rendered pages, as an old monolith has them: they call the same services as the JSON
 * API and share its session, so a migration has to keep both working.
 */
@Controller
public class PageController {

    private static final int PAGE_SIZE = 24;

    private final CatalogService catalog;
    private final CartService carts;
    private final CustomerService customers;

    public PageController(CatalogService catalog, CartService carts, CustomerService customers) {
        this.catalog = catalog;
        this.carts = carts;
        this.customers = customers;
    }

    @ModelAttribute("customerEmail")
    String customerEmail(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        return session == null ? null : (String) session.getAttribute(LoginSession.CUSTOMER_EMAIL);
    }

    @GetMapping("/")
    String home(@RequestParam(required = false) String q, @RequestParam(required = false) String category,
            Model model) {
        model.addAttribute("q", q);
        model.addAttribute("category", category);
        model.addAttribute("categories", catalog.categories());
        model.addAttribute("products", catalog.search(
                ProductQuery.of(0, PAGE_SIZE, null, category, null, null, null, q)));
        return "home";
    }

    @GetMapping("/products/{sku}")
    ModelAndView product(@PathVariable String sku) {
        try {
            return new ModelAndView("product", "product", catalog.get(sku));
        } catch (ShopException notFound) {
            ModelAndView page = new ModelAndView("not-found", "sku", sku);
            page.setStatus(HttpStatus.NOT_FOUND);
            return page;
        }
    }

    @GetMapping("/login")
    String loginForm() {
        return "login";
    }

    @PostMapping("/login")
    ModelAndView login(@RequestParam(defaultValue = "") String email, @RequestParam(defaultValue = "") String password,
            HttpServletRequest request) {
        try {
            LoginSession.logIn(request, customers.authenticate(email, password));
            return new ModelAndView("redirect:/");
        } catch (ShopException wrong) {
            ModelAndView page = new ModelAndView("login", "error", wrong.getMessage());
            page.addObject("email", email);
            page.setStatus(HttpStatus.UNAUTHORIZED);
            return page;
        }
    }

    @GetMapping("/cart")
    String cart(HttpServletRequest request, Model model) {
        model.addAttribute("cart", carts.view(CartSession.read(request)));
        return "cart";
    }

    @PostMapping("/cart")
    String addToCart(@RequestParam String sku, @RequestParam(defaultValue = "1") int quantity,
            HttpServletRequest request) {
        CartSession.write(request, carts.add(CartSession.read(request), sku, quantity));
        return "redirect:/cart";
    }
}
