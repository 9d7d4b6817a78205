-- What a lead says about its company and its worth, carried onto the company, contact and deal at conversion:
-- country, web site and address, the value the salesperson expects and its currency; and utm_content, the fifth
-- UTM parameter a web form now keeps beside the other four.
alter table leads
    add column country        varchar(2),
    add column website        varchar(255),
    add column street         varchar(200),
    add column city           varchar(100),
    add column postal_code    varchar(20),
    add column expected_value numeric(18, 2) check (expected_value >= 0),
    add column currency       varchar(3),
    add column utm_content    varchar(100);
