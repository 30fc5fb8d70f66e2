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

{{/* The application.yml: what the chart must set, overlaid with .Values.config. */}}
{{- define "spread.applicationYaml" -}}
{{- $base := dict
  "server" (dict "port" .Values.service.httpPort)
  "spread" (dict
    "tcp" (dict "host" "0.0.0.0" "port" .Values.service.tcpPort)
    "gateway" (dict "port" .Values.service.gatewayPort)
    "hub" (dict "shutdown-timeout" (printf "%ds" (int .Values.shutdownTimeoutSeconds))))
  "management" (dict "endpoint" (dict "health" (dict "probes" (dict "enabled" true)))) -}}
{{- if .Values.cluster.enabled -}}
{{- $_ := set $base.spread "cluster" (dict "enabled" true) -}}
{{- $_ := set $base "spring" (dict "data" (dict "redis" (dict "host" (required "cluster.redisHost is required when cluster.enabled" .Values.cluster.redisHost) "port" .Values.cluster.redisPort))) -}}
{{- end -}}
{{- toYaml (mustMergeOverwrite $base (deepCopy .Values.config)) -}}
{{- end -}}
