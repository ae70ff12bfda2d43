package com.lenz.central.auth.core;

import com.lenz.central.auth.Role;
import com.lenz.central.auth.UserPrincipal;
import com.lenz.central.auth.db.UserStore;
import com.lenz.central.core.DomainException;
import java.util.List;
import java.util.regex.Pattern;

/** Creating, listing and deleting users, with the checks a careful admin expects. */
public class UserService {

    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._-]{3,64}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]{1,189}");

    private final UserStore users;
    private final PasswordHasher hasher;
    private final AuthService auth;

    public UserService(UserStore users, PasswordHasher hasher, AuthService auth) {
        this.users = users;
        this.hasher = hasher;
        this.auth = auth;
    }

    /** What {@code POST /api/users} takes. */
    public record NewUser(String username, String password, String name, String email, String role) {
    }

    public User create(NewUser in) {
        if (in == null) {
            throw DomainException.invalid("request body is required");
        }
        if (in.username() == null || !USERNAME.matcher(in.username()).matches()) {
            throw DomainException.invalid("username must be 3-64 letters, digits, '.', '_' or '-'");
        }
        String passwordProblem = PasswordHasher.problemWith(in.password());
        if (passwordProblem != null) {
            throw DomainException.invalid(passwordProblem);
        }
        if (in.name() == null || in.name().isBlank() || in.name().length() > 128) {
            throw DomainException.invalid("name is required (at most 128 characters)");
        }
        String email = in.email() == null || in.email().isBlank() ? null : in.email().trim();
        if (email != null && !EMAIL.matcher(email).matches()) {
            throw DomainException.invalid("email is not a valid address");
        }
        Role role = Role.parse(in.role())
                .orElseThrow(() -> DomainException.invalid("role must be admin or viewer"));
        return users.create(in.username(), in.name().trim(), email, role, hasher.hash(in.password()))
                .orElseThrow(() -> DomainException.conflict("user already exists",
                        "username or email is already taken"));
    }

    public List<User> list(long offset, int limit) {
        return users.list(offset, limit);
    }

    public long count() {
        return users.count();
    }

    /** Deletes a user and ends their sessions; refuses to remove the caller or the last admin. */
    public void delete(UserPrincipal caller, String id) {
        User target = users.findById(id).orElseThrow(() -> DomainException.notFound("no user with id " + id));
        if (target.id().equals(caller.id())) {
            throw DomainException.conflict("cannot delete user", "you cannot delete your own account");
        }
        switch (users.deleteKeepingAnAdmin(target.id())) {
            case LAST_ADMIN -> throw DomainException.conflict("cannot delete user", "the last admin cannot be deleted");
            case NOT_FOUND -> throw DomainException.notFound("no user with id " + id);
            case DELETED -> auth.forgetCachedSessions();
        }
    }
}
