# syntax=docker/dockerfile:1
# Multi-stage build: the SDK image publishes, the runtime image runs as a non-root user with a
# read-only root filesystem (mount /data writable; everything the app writes lives there).
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/SecOps.Web/SecOps.Web.csproj src/SecOps.Web/
RUN dotnet restore src/SecOps.Web/SecOps.Web.csproj
COPY src/ src/
COPY wwwroot/ wwwroot/
RUN dotnet publish src/SecOps.Web/SecOps.Web.csproj -c Release -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
ENV ASPNETCORE_URLS=http://+:8080 \
    ASPNETCORE_ENVIRONMENT=Production \
    DOTNET_EnableDiagnostics=0 \
    SecOps__DataDirectory=/data
# The image's built-in unprivileged user (uid 1654); /data (store secops.db, keys/) is its only writable place. It is
# created here owned by that user, so a new named volume mounted there inherits the ownership.
RUN mkdir -p /data && chown "$APP_UID:$APP_UID" /data && chmod 700 /data
USER $APP_UID
VOLUME ["/data"]
EXPOSE 8080
ENTRYPOINT ["dotnet", "SecOps.Web.dll"]
