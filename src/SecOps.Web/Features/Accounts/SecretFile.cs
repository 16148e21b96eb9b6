using System.Security.Cryptography;

namespace SecOps.Web.Features.Accounts;

/// <summary>A random key generated once into a file only the app's user can read, for installs without a secret store.</summary>
public static class SecretFile
{
    public static byte[] ReadOrCreate(string directory, string name, int length)
    {
        var path = Path.GetFullPath(Path.Combine(directory, name));
        if (File.Exists(path))
        {
            return Convert.FromBase64String(File.ReadAllText(path).Trim());
        }
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var key = RandomNumberGenerator.GetBytes(length);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        try
        {
            using var writer = new StreamWriter(path, options);
            writer.Write(Convert.ToBase64String(key));
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another instance created it first: use theirs.
            return Convert.FromBase64String(File.ReadAllText(path).Trim());
        }
        return key;
    }
}
