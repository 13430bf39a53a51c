
DROP VIEW owners;
