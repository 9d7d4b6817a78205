package app.klient;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class KlientApplication {

    public static void main(String[] args) {
        SpringApplication.run(KlientApplication.class, args);
    }
}
