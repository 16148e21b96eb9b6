namespace SecOps.Web.Features.Demo;

/// <summary>One kind of alert the demo stream produces, shaped like the detections a SOC sees.</summary>
internal sealed record DemoScenario(
    string RuleName,
    string RuleId,
    string Severity,
    int RiskScore,
    string Tactic,
    string TacticId,
    string Technique,
    string TechniqueId,
    string Category,
    string Action,
    string ReasonTemplate,
    int Weight);

internal static class DemoScenarios
{
    public static readonly IReadOnlyList<DemoScenario> All =
    [
        new("WAF: SQL injection attempt", "waf-sqli-942100", "high", 73, "Initial Access", "TA0001", "Exploit Public-Facing Application", "T1190",
            "web", "blocked", "SQL injection payload in query string from {ip} to {host}: ' OR 1=1--", 14),
        new("WAF: Cross-site scripting attempt", "waf-xss-941100", "medium", 47, "Initial Access", "TA0001", "Exploit Public-Facing Application", "T1190",
            "web", "blocked", "XSS payload <script>alert(document.cookie)</script> in form field from {ip}", 10),
        new("WAF: Bot traffic rate limit exceeded", "waf-rate-limit", "low", 21, "Impact", "TA0040", "Endpoint Denial of Service", "T1499",
            "web", "rate_limited", "{ip} exceeded 600 requests/minute on /api/login", 12),
        new("IDS: ET SCAN Nmap scripting engine", "suricata-2024364", "medium", 40, "Discovery", "TA0007", "Network Service Discovery", "T1046",
            "network", "alert", "Nmap NSE user agent from {ip} against {host}", 8),
        new("Brute force: repeated failed sign-ins", "auth-bruteforce", "high", 68, "Credential Access", "TA0006", "Brute Force", "T1110",
            "authentication", "logon-failed", "42 failed sign-ins for {user} from {ip} in 5 minutes", 10),
        new("MFA fatigue: push requests denied", "auth-mfa-fatigue", "high", 76, "Credential Access", "TA0006", "Multi-Factor Authentication Request Generation", "T1621",
            "authentication", "mfa-denied", "{user} denied 15 MFA push requests in 10 minutes", 5),
        new("Impossible travel", "auth-impossible-travel", "high", 71, "Initial Access", "TA0001", "Valid Accounts", "T1078",
            "authentication", "logon-success", "{user} signed in from Frankfurt and from {ip} (São Paulo) 14 minutes apart", 5),
        new("Privileged role granted outside change window", "iam-priv-role", "critical", 91, "Privilege Escalation", "TA0004", "Account Manipulation", "T1098",
            "iam", "role-granted", "{user} was granted Global Administrator by svc-automation", 3),
        new("Container image with critical CVE deployed", "vuln-container-cve", "high", 70, "Execution", "TA0002", "Deploy Container", "T1610",
            "package", "deployed", "payments-api:2.4.1 on {host} contains CVE-2024-3094 (xz backdoor)", 5),
        new("Vulnerability scan: outdated TLS configuration", "vuln-scan-tls", "low", 25, "Collection", "TA0009", "Adversary-in-the-Middle", "T1557",
            "host", "scan-finding", "{host} accepts TLS 1.0 with CBC ciphers", 6),
        new("Data exfiltration: large upload to unknown host", "dlp-exfil-volume", "critical", 94, "Exfiltration", "TA0010", "Exfiltration Over Web Service", "T1567",
            "network", "upload", "{user} on {host} uploaded 4.2 GB to {ip} in 20 minutes", 3),
        new("Malware: suspicious PowerShell download cradle", "edr-ps-cradle", "critical", 88, "Execution", "TA0002", "PowerShell", "T1059.001",
            "process", "start", "powershell -nop -w hidden -c IEX(New-Object Net.WebClient).DownloadString on {host}", 4),
    ];

    public static readonly string[] Hosts = ["web-prod-01", "web-prod-02", "api-gw-01", "db-prod-01", "k8s-node-07", "fin-laptop-042", "hr-laptop-017", "vpn-edge-01"];
    public static readonly string[] Users = ["alice.nguyen", "bob.martin", "carla.rossi", "dev.ops", "svc-backup", "j.schmidt", "m.kowalski", "admin"];
    public static readonly string[] AttackerIps = ["185.220.101.34", "45.155.205.233", "103.152.220.17", "194.26.29.102", "91.240.118.172", "198.51.100.23"];
}
