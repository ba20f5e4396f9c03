package dev.strangler.proxy.playbook;

import java.util.Objects;

/** The Redis keys of the playbook journal under one prefix: the subdomains with a playbook, and per subdomain its stream and state. */
public record PlaybookKeys(String prefix) {

  public PlaybookKeys {
    Objects.requireNonNull(prefix, "prefix == null");
  }

  /** {@code <prefix>playbook:subdomains}: every subdomain with a playbook state. */
  public String subdomains() {
    return prefix + "playbook:subdomains";
  }

  /** {@code <prefix>playbook:journal:<subdomain>}: one entry per transition, oldest first. */
  public String journal(String subdomain) {
    return prefix + "playbook:journal:" + subdomain;
  }

  /** {@code <prefix>playbook:state:<subdomain>}: where the subdomain's playbook stands (a hash). */
  public String state(String subdomain) {
    return prefix + "playbook:state:" + subdomain;
  }

  /** {@code <prefix>playbook:runner:<subdomain>}: the runner lease (a hash: holder, actor, note, since; expiring). */
  public String runner(String subdomain) {
    return prefix + "playbook:runner:" + subdomain;
  }
}
