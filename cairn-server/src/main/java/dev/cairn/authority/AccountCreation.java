package dev.cairn.authority;

/** The answer to newAccount: the account, and whether this request created it (201) or found it (200). */
public record AccountCreation(Account account, boolean created) {}
