// TLS certificates for serve: PEM loading, self-signed generation (also for `serve init`), fingerprints.
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Plasmite.Cli.Server;

/// <summary>Certificate helpers (remote-v0 §13.3).</summary>
internal static class TlsMaterial
{
    /// <summary>Loads a PEM certificate (first of a chain) and its PEM key (PKCS#8, PKCS#1 or SEC1).</summary>
    /// <exception cref="PlasmiteException">Io when unreadable; Usage when a file holds no certificate/key or they do not match.</exception>
    public static X509Certificate2 LoadPem(string certPath, string keyPath)
    {
        string certText = ReadText(certPath);
        string keyText = ReadText(keyPath);
        if (!certText.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
            throw new PlasmiteException(ErrorKind.Usage, "TLS certificate file has no certificate", path: certPath);
        if (!keyText.Contains("PRIVATE KEY-----", StringComparison.Ordinal))
            throw new PlasmiteException(ErrorKind.Usage, "TLS key file has no private key", path: keyPath);
        try
        {
            using var pem = X509Certificate2.CreateFromPem(certText, keyText);
            // Re-import as PKCS#12 so SslStream can use the key on every platform.
            return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            throw new PlasmiteException(ErrorKind.Usage, "invalid TLS certificate or key", inner: e);
        }
    }

    /// <summary>Reads the leaf certificate of a PEM file (for the fingerprint shown by <c>serve check</c>).</summary>
    public static X509Certificate2 LoadCertificateOnly(string certPath)
    {
        string text = ReadText(certPath);
        try
        {
            return X509Certificate2.CreateFromPem(text);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            throw new PlasmiteException(ErrorKind.Usage, "TLS certificate file has no certificate", path: certPath, inner: e);
        }
    }

    /// <summary>A self-signed ECDSA P-256 certificate for <c>localhost</c>, 127.0.0.1, ::1 and <paramref name="bindIp"/>.</summary>
    public static X509Certificate2 CreateSelfSigned(IPAddress? bindIp, out string certPem, out string keyPem)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        san.AddIpAddress(IPAddress.Loopback);
        san.AddIpAddress(IPAddress.IPv6Loopback);
        if (bindIp is not null && !bindIp.Equals(IPAddress.Any) && !bindIp.Equals(IPAddress.IPv6Any)
            && !bindIp.Equals(IPAddress.Loopback) && !bindIp.Equals(IPAddress.IPv6Loopback))
            san.AddIpAddress(bindIp);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var now = DateTimeOffset.UtcNow;
        using var cert = request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(1));
        certPem = cert.ExportCertificatePem() + "\n";
        keyPem = key.ExportPkcs8PrivateKeyPem() + "\n";
        return X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary><c>SHA256:</c> + upper-case hex pairs of the leaf's DER bytes, separated by <c>:</c>.</summary>
    public static string Fingerprint(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        byte[] hash = SHA256.HashData(certificate.RawData);
        var sb = new StringBuilder("SHA256:");
        for (int i = 0; i < hash.Length; i++)
        {
            if (i > 0) sb.Append(':');
            sb.Append(hash[i].ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }

    private static string ReadText(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PlasmiteException(ErrorKind.Io, "failed to read TLS file", path: path, inner: e);
        }
    }
}
