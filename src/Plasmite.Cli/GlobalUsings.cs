// Namespaces used throughout the CLI.
global using Rfc3339 = Plasmite.Text.Rfc3339;
global using JsonText = Plasmite.Text.JsonText;
