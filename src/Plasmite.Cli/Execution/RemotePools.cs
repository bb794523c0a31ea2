// Opens remote pool refs (http(s)://host:port/pool) through the SDK's RemoteClient for the CLI.
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Plasmite.Remote;

namespace Plasmite.Cli.Execution;

internal static class RemotePools
{
    /// <summary>Opens (or with <paramref name="create"/>, opens-or-creates) the pool behind a remote ref.</summary>
    public static RemotePool Open(RemotePoolRef pool, RemoteAuth auth, bool create, ulong createSize)
    {
        var client = new RemoteClient(pool.BaseUrl, auth.Token, HttpClientFor(auth));
        return create ? client.Pool(pool.Pool, createSize) : client.OpenPool(pool.Pool);
    }

    /// <summary>Opens the existing pool behind a remote ref (<c>POST /v0/pools/open</c>).</summary>
    public static Task<RemotePool> OpenAsync(RemotePoolRef pool, RemoteAuth auth, CancellationToken ct) =>
        new RemoteClient(pool.BaseUrl, auth.Token, HttpClientFor(auth)).OpenPoolAsync(pool.Pool, ct);

    private static HttpClient? HttpClientFor(RemoteAuth auth)
    {
        if (!auth.TlsSkipVerify && auth.TlsCaPath is null) return null;
        var handler = new SocketsHttpHandler();
        if (auth.TlsSkipVerify)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = static (_, _, _, _) => true;
        }
        else
        {
            var roots = new X509Certificate2Collection();
            roots.ImportFromPemFile(auth.TlsCaPath!);
            // --tls-ca trusts exactly the certificates in the file, never the system store (spec cli.md §3.2).
            handler.SslOptions.RemoteCertificateValidationCallback = (_, cert, _, errors) =>
            {
                if (cert is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != 0) return false;
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.AddRange(roots);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(new X509Certificate2(cert));
            };
        }
        return new HttpClient(handler);
    }
}
