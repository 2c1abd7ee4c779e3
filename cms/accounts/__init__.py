"""Who may do what in the admin: two-step login (TOTP and recovery codes), the roster of jubir
digital and the groups, collections and review workflows derived from units and page ownership."""
