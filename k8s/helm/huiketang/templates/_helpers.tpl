{{/*
The workloads, in rollout order: account-service first (every other one verifies tokens against its
JWKS), the gateway last. Each key is a top-level section of values.yaml.
*/}}
{{- define "huiketang.components" -}}
account meeting recording chat privacy gateway
{{- end -}}

{{/* The services that own a PostgreSQL database */}}
{{- define "huiketang.databaseComponents" -}}
account meeting recording privacy
{{- end -}}

{{/* The application name of a component: account -> account-service, gateway -> gateway */}}
{{- define "huiketang.appName" -}}
{{- if eq . "gateway" }}gateway{{ else }}{{ . }}-service{{ end -}}
{{- end -}}

{{/* The object name of a component: <release>-<app>, at most 63 characters */}}
{{- define "huiketang.fullname" -}}
{{- $root := index . 0 -}}{{- $component := index . 1 -}}
{{- printf "%s-%s" $root.Release.Name (include "huiketang.appName" $component) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* The name of an object of the release that belongs to no component */}}
{{- define "huiketang.releaseName" -}}
{{- $root := index . 0 -}}{{- $suffix := index . 1 -}}
{{- printf "%s-%s" $root.Release.Name $suffix | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "huiketang.labels" -}}
{{- $root := index . 0 -}}{{- $component := index . 1 -}}
helm.sh/chart: {{ printf "%s-%s" $root.Chart.Name $root.Chart.Version | replace "+" "_" }}
app.kubernetes.io/managed-by: {{ $root.Release.Service }}
app.kubernetes.io/part-of: huiketang
app.kubernetes.io/version: {{ $root.Chart.AppVersion | quote }}
{{ include "huiketang.selectorLabels" (list $root $component) }}
{{- with $root.Values.global.labels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{- define "huiketang.selectorLabels" -}}
{{- $root := index . 0 -}}{{- $component := index . 1 -}}
app.kubernetes.io/name: {{ include "huiketang.appName" $component }}
app.kubernetes.io/instance: {{ $root.Release.Name }}
{{- end -}}

{{/* Labels of release-wide objects (no component) */}}
{{- define "huiketang.releaseLabels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: huiketang
app.kubernetes.io/instance: {{ .Release.Name }}
{{- with .Values.global.labels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* The image of a component; the tag is never empty and never "latest" */}}
{{- define "huiketang.image" -}}
{{- $root := index . 0 -}}{{- $values := index . 1 -}}
{{- $tag := $values.image.tag | default $root.Values.global.image.tag | default $root.Chart.AppVersion -}}
{{- if eq $tag "latest" }}{{ fail "image tag \"latest\" is not allowed: pin a version" }}{{ end -}}
{{- printf "%s/%s:%s" $root.Values.global.image.registry $values.image.repository $tag -}}
{{- end -}}

{{/* The Secret of a component's own secrets */}}
{{- define "huiketang.componentSecretName" -}}
{{- $root := index . 0 -}}{{- $component := index . 1 -}}
{{- (index $root.Values $component).existingSecret | default (include "huiketang.fullname" (list $root $component)) -}}
{{- end -}}

{{- define "huiketang.platformSecretName" -}}
{{- .Values.platformSecret.existingSecret | default (include "huiketang.releaseName" (list . "platform-keys")) -}}
{{- end -}}

{{/* The secret environment variables of a component besides the platform's: name -> key */}}
{{- define "huiketang.componentSecretKeys" -}}
{{- $component := . -}}
{{- if eq $component "account" -}}
HUIKETANG_ACCOUNT_DB_PASSWORD HUIKETANG_WECHAT_SECRET
{{- else if eq $component "meeting" -}}
HUIKETANG_MEETING_DB_PASSWORD HUIKETANG_LIVEKIT_API_KEY HUIKETANG_LIVEKIT_API_SECRET
{{- else if eq $component "recording" -}}
HUIKETANG_RECORDING_DB_PASSWORD HUIKETANG_LIVEKIT_API_KEY HUIKETANG_LIVEKIT_API_SECRET
{{- else if eq $component "privacy" -}}
HUIKETANG_PRIVACY_DB_PASSWORD
{{- end -}}
{{- end -}}

{{/* The PostgreSQL host of a component's database */}}
{{- define "huiketang.pgHost" -}}
{{- $root := index . 0 -}}{{- $component := index . 1 -}}
{{- if eq $root.Values.postgresql.mode "cloudnativepg" -}}
{{- printf "%s-rw" (include "huiketang.cnpgCluster" (list $root $component)) -}}
{{- else -}}
{{- $root.Values.postgresql.external.host -}}
{{- end -}}
{{- end -}}

{{/* PostgreSQL's port: CloudNativePG's clusters listen on 5432 */}}
{{- define "huiketang.pgPort" -}}
{{- ternary 5432 .Values.postgresql.external.port (eq .Values.postgresql.mode "cloudnativepg") -}}
{{- end -}}

{{- define "huiketang.cnpgCluster" -}}
{{- $root := index . 0 -}}{{- $component := index . 1 -}}
{{- printf "%s-%s-db" $root.Release.Name $component | trunc 50 | trimSuffix "-" -}}
{{- end -}}

{{- define "huiketang.kafkaCluster" -}}
{{- printf "%s-kafka" .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- end -}}

{{- define "huiketang.kafkaBootstrap" -}}
{{- if eq .Values.kafka.mode "strimzi" -}}
{{- $port := ternary .Values.tls.kafka.port 9092 .Values.tls.kafka.enabled -}}
{{- printf "%s-kafka-bootstrap:%v" (include "huiketang.kafkaCluster" .) $port -}}
{{- else -}}
{{- .Values.kafka.external.bootstrapServers -}}
{{- end -}}
{{- end -}}

{{/* The port a component's clients use: its HTTP port, served over TLS when tls.services is on */}}
{{- define "huiketang.scheme" -}}
{{- ternary "https" "http" .Values.tls.services.enabled -}}
{{- end -}}

{{/* The URL of a component inside the cluster */}}
{{- define "huiketang.url" -}}
{{- $root := index . 0 -}}{{- $component := index . 1 -}}
{{- printf "%s://%s:%v" (include "huiketang.scheme" $root) (include "huiketang.fullname" (list $root $component)) (index $root.Values $component).port -}}
{{- end -}}

{{- define "huiketang.managementUrl" -}}
{{- $root := index . 0 -}}{{- $component := index . 1 -}}
{{- printf "http://%s:%v" (include "huiketang.fullname" (list $root $component)) (index $root.Values $component).managementPort -}}
{{- end -}}

{{/* The TLS Secret of a component's HTTPS listener */}}
{{- define "huiketang.serviceTlsSecret" -}}
{{- $root := index . 0 -}}{{- $component := index . 1 -}}
{{- if $root.Values.tls.services.secretPrefix -}}
{{- printf "%s-%s" $root.Values.tls.services.secretPrefix $component -}}
{{- else -}}
{{- printf "%s-tls" (include "huiketang.fullname" (list $root $component)) | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
