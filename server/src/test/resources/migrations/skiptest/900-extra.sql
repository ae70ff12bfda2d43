--liquibase formatted sql

--changeset lenz:900-skiptest-extra
CREATE TABLE skiptest_extra (id bigint PRIMARY KEY);
