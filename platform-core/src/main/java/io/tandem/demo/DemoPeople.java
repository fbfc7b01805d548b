package io.tandem.demo;

import io.tandem.tenancy.Invitation;
import io.tandem.tenancy.Role;
import io.tandem.tenancy.SignedInUser;
import io.tandem.tenancy.Team;
import io.tandem.tenancy.TeamDirectory;
import io.tandem.tenancy.TeamMember;
import jakarta.inject.Singleton;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The demo company's people, so that both sides of the loop can be tried: a RevOps admin, a leader, a
 * marketing lead and a marketer, a sales lead and three reps. Their addresses are on a domain of the
 * tenant's own under {@code .example} (reserved, never delivered, and never another tenant's login);
 * their passwords are generated and returned once, to the admin who loads the demo.
 */
@Singleton
class DemoPeople {

    /** Who they are in the story; {@code owner}: leads and deals of the demo data are theirs in turn. */
    record Part(String local, String name, Team team, Role role, boolean lead, boolean owner) {
    }

    static final List<Part> CAST = List.of(
            new Part("riley.revops", "Riley Chen", Team.REVOPS, Role.ADMIN, false, false),
            new Part("lena.leader", "Lena Park", Team.LEADERSHIP, Role.MEMBER, false, false),
            new Part("maya.marketing", "Maya Brooks", Team.MARKETING, Role.MEMBER, true, false),
            new Part("omar.marketing", "Omar Diaz", Team.MARKETING, Role.MEMBER, false, false),
            new Part("sasha.sales", "Sasha Ivanova", Team.SALES, Role.MEMBER, true, true),
            new Part("alex.sales", "Alex Moreau", Team.SALES, Role.MEMBER, false, true),
            new Part("sam.sales", "Sam Okafor", Team.SALES, Role.MEMBER, false, true),
            new Part("kim.sales", "Kim Larsen", Team.SALES, Role.MEMBER, false, true));

    private static final String ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    private final TeamDirectory directory;
    private final SecureRandom random = new SecureRandom();

    DemoPeople(TeamDirectory directory) {
        this.directory = directory;
    }

    /** The tenant's own demo domain: {@code demo-<first 8 hex digits of the tenant id>.example}. */
    static String domain(SignedInUser admin) {
        return "demo-" + admin.tenantId().toString().substring(0, 8) + ".example";
    }

    static String email(SignedInUser admin, Part part) {
        return part.local() + "@" + domain(admin);
    }

    /** Everyone of the cast, created when missing (a second load changes nothing and shows no password). */
    List<DemoPerson> ensure(SignedInUser admin) {
        List<TeamMember> existing = directory.members(admin);
        List<DemoPerson> people = new ArrayList<>();
        for (Part part : CAST) {
            String email = email(admin, part);
            Optional<TeamMember> member = existing.stream().filter(m -> m.email().equals(email)).findFirst();
            String password = null;
            if (member.isEmpty()) {
                password = password();
                directory.invite(admin, new Invitation(email, part.name(), part.team(), part.role(), password, part.lead()));
            }
            people.add(new DemoPerson(part.name(), email, part.team(), part.role(), part.lead(), password));
        }
        return people;
    }

    /** The reps whose leads and deals the demo data holds. */
    static List<String> owners(SignedInUser admin) {
        return CAST.stream().filter(Part::owner).map(p -> email(admin, p).toLowerCase(Locale.ROOT)).toList();
    }

    private String password() {
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }
}
