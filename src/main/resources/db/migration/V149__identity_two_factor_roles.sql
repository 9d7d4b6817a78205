-- The roles whose users must sign in with a second factor (set by the administrator); none by default.
create table two_factor_required_roles (
    role varchar(20) primary key check (role in ('ADMIN', 'MANAGER', 'SALES', 'MARKETING', 'SUPPORT', 'READ_ONLY'))
);
