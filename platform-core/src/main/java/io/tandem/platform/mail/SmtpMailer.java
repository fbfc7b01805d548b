package io.tandem.platform.mail;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Properties;

/**
 * Sends plain-text e-mail through the installation's SMTP server ({@code tandem.mail.*}, set from the
 * TANDEM_SMTP_* variables). Without a host, e-mail is off and nothing is queued for it.
 */
@Singleton
public class SmtpMailer {

    private final String host;
    private final String from;
    private final Session session;

    public SmtpMailer(@Value("${tandem.mail.host:}") String host, @Value("${tandem.mail.port:587}") int port,
                      @Value("${tandem.mail.username:}") String username, @Value("${tandem.mail.password:}") String password,
                      @Value("${tandem.mail.starttls:true}") boolean starttls, @Value("${tandem.mail.from:tandem@localhost}") String from) {
        this.host = host == null ? "" : host.strip();
        this.from = from;
        Properties props = new Properties();
        props.put("mail.smtp.host", this.host);
        props.put("mail.smtp.port", Integer.toString(port));
        props.put("mail.smtp.starttls.enable", Boolean.toString(starttls));
        props.put("mail.smtp.connectiontimeout", "10000");
        props.put("mail.smtp.timeout", "10000");
        props.put("mail.smtp.writetimeout", "10000");
        boolean auth = username != null && !username.isBlank();
        props.put("mail.smtp.auth", Boolean.toString(auth));
        this.session = auth ? Session.getInstance(props, new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
                return new PasswordAuthentication(username, password);
            }
        }) : Session.getInstance(props);
    }

    public boolean enabled() {
        return !host.isEmpty();
    }

    public void send(String to, String subject, String body) throws MessagingException {
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress(from));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
        message.setSubject(subject, StandardCharsets.UTF_8.name());
        message.setText(body, StandardCharsets.UTF_8.name());
        message.setSentDate(new Date());
        Transport.send(message);
    }
}
