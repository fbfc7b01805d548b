package io.tandem.tenancy.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.security.token.generator.AccessTokenConfiguration;
import io.micronaut.security.token.generator.TokenGenerator;
import io.micronaut.serde.annotation.Serdeable;
import io.tandem.tenancy.AuthenticatedUsers;
import io.tandem.tenancy.Login;
import io.tandem.tenancy.SignedInUser;


/** Exchanges an e-mail and password for a bearer token (a signed JWT) for the API. */
@Controller("/api/v1/login")
@Secured(SecurityRule.IS_ANONYMOUS)
public class LoginController {

    private final Login login;
    private final AuthenticatedUsers users;
    private final TokenGenerator tokens;
    private final AccessTokenConfiguration tokenConfiguration;

    public LoginController(Login login, AuthenticatedUsers users, TokenGenerator tokens, AccessTokenConfiguration tokenConfiguration) {
        this.login = login;
        this.users = users;
        this.tokens = tokens;
        this.tokenConfiguration = tokenConfiguration;
    }

    @Post
    public TokenResponse logIn(@Body LoginRequest body, HttpRequest<?> request) {
        SignedInUser user = login.authenticate(body.email(), body.password(), request.getRemoteAddress().getAddress().getHostAddress());
        int expiresIn = tokenConfiguration.getExpiration();
        String token = tokens.generateToken(users.authenticationOf(user), expiresIn)
                .orElseThrow(() -> new IllegalStateException("No token generator is configured"));
        return new TokenResponse(token, "Bearer", expiresIn);
    }

    @Serdeable
    public record LoginRequest(@Nullable String email, @Nullable String password) {
    }

    @Serdeable
    public record TokenResponse(@com.fasterxml.jackson.annotation.JsonProperty("access_token") String accessToken,
                                @com.fasterxml.jackson.annotation.JsonProperty("token_type") String tokenType,
                                @com.fasterxml.jackson.annotation.JsonProperty("expires_in") int expiresIn) {
    }
}
