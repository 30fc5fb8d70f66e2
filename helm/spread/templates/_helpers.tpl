{{- define "spread.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "spread.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "spread.selectorLabels" -}}
app.kubernetes.io/name: {{ include "spread.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "spread.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{ include "spread.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{/* The Secret with the credentials and keys: the operator's, or the chart's. */}}
{{- define "spread.secretName" -}}
{{- .Values.secrets.existingSecret | default (include "spread.fullname" .) -}}
{{- end -}}

{{/* Where the pod sees the Secret's entries as files. */}}
{{- define "spread.secretsPath" -}}
/etc/spread/secrets
{{- end -}}

{{/* Where the pod sees the TLS Secret's certificate and key as files. */}}
{{- define "spread.tlsPath" -}}
/etc/spread/tls
{{- end -}}

{{/* The application.yml: what the chart must set, overlaid with .Values.config. */}}
{{- define "spread.applicationYaml" -}}
{{- $base := dict
  "server" (dict "port" .Values.service.httpPort)
  "spread" (dict
    "tcp" (dict "host" "0.0.0.0" "port" .Values.service.tcpPort)
    "gateway" (dict "port" .Values.service.gatewayPort)
    "hub" (dict "shutdown-timeout" (printf "%ds" (int .Values.shutdownTimeoutSeconds))))
  "management" (dict "endpoint" (dict "health" (dict "probes" (dict "enabled" true)))) -}}
{{- $_ := set $base.spread "admin" (dict "username" .Values.admin.username) -}}
{{- if .Values.auth.jwt.enabled -}}
{{- $jwt := dict "enabled" true -}}
{{- if eq .Values.auth.jwt.key "public-key" -}}
{{- $_ := set $jwt "public-key" (printf "%s/jwt-public-key" (include "spread.secretsPath" .)) -}}
{{- else if eq .Values.auth.jwt.key "jwk-set" -}}
{{- $_ := set $jwt "jwk-set" (printf "%s/jwt-jwk-set" (include "spread.secretsPath" .)) -}}
{{- else if ne .Values.auth.jwt.key "secret" -}}
{{- fail "auth.jwt.key must be secret, public-key or jwk-set" -}}
{{- end -}}
{{- with .Values.auth.jwt.issuer }}{{ $_ := set $jwt "issuer" . }}{{ end -}}
{{- with .Values.auth.jwt.audience }}{{ $_ := set $jwt "audience" . }}{{ end -}}
{{- $_ := set $base.spread "auth" (dict "jwt" $jwt) -}}
{{- end -}}
{{- if .Values.tls.enabled -}}
{{- $tlsPath := include "spread.tlsPath" . -}}
{{- $store := dict "keystore" (dict "certificate" (printf "file:%s/tls.crt" $tlsPath) "private-key" (printf "file:%s/tls.key" $tlsPath)) -}}
{{- if ne .Values.tls.clientAuth "none" -}}
{{- $_ := set $store "truststore" (dict "certificate" (printf "file:%s/ca.crt" $tlsPath)) -}}
{{- end -}}
{{- $_ := set $base "spring" (dict "ssl" (dict "bundle" (dict "pem" (dict "spread" $store)))) -}}
{{- $ssl := dict "bundle" "spread" "client-auth" .Values.tls.clientAuth -}}
{{- $_ := set $base.spread.tcp "ssl" $ssl -}}
{{- $_ := set $base.spread.gateway "ssl" (deepCopy $ssl) -}}
{{- end -}}
{{- if .Values.cluster.enabled -}}
{{- $_ := set $base.spread "cluster" (dict "enabled" true) -}}
{{- $_ := set $base "spring" (mustMergeOverwrite (get $base "spring" | default dict) (dict "data" (dict "redis" (dict "host" (required "cluster.redisHost is required when cluster.enabled" .Values.cluster.redisHost) "port" .Values.cluster.redisPort)))) -}}
{{- end -}}
{{- toYaml (mustMergeOverwrite $base (deepCopy .Values.config)) -}}
{{- end -}}
