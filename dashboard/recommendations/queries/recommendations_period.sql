-- The months of the first and the latest held risk assessment (the page's period choices).
SELECT min(month) AS first_month, max(month) AS last_month
FROM activity
WHERE type = 'risk_assessment' AND state = 'held';
