package dev.cairn.authority;

import dev.cairn.protocol.AuthorizationStatus;

/** An authorization with its status at one instant ({@code expired} is derived). */
public record AuthorizationView(Authorization authorization, AuthorizationStatus status) {}
